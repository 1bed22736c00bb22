using System.Text.Json;
using Elsa.Extensions;
using Elsa.Responses.Client.Requests;
using Elsa.Workflows;

namespace Elsa.Responses.Activities;

// Evaluates the activity's inputs into a request. Inputs that cannot even be read (bad JSON) are reported by field name;
// everything else is left to the client's validator, so the designer and the CLI say the same things.
internal static class ActivityRequestReader
{
    public static (ResponseRequest? Request, IReadOnlyList<string> Errors) Read(CreateResponse activity, ActivityExecutionContext context)
    {
        var errors = new List<string>();
        var request = new ResponseRequest
        {
            Model = activity.Model.GetOrDefault(context),
            Instructions = EmptyToNull(activity.Instructions.GetOrDefault(context)),
            Temperature = activity.Temperature.GetOrDefault(context),
            TopP = activity.TopP.GetOrDefault(context),
            MaxOutputTokens = activity.MaxOutputTokens.GetOrDefault(context),
            Stop = activity.Stop.GetOrDefault(context) is { Count: > 0 } stop ? stop.ToList() : null,
            Metadata = activity.RequestMetadata.GetOrDefault(context) is { Count: > 0 } metadata ? new Dictionary<string, string>(metadata) : null,
            User = EmptyToNull(activity.User.GetOrDefault(context)),
            Stream = activity.Stream.GetOrDefault(context),
        };
        request.IncludeUsage = request.Stream && activity.IncludeUsage.GetOrDefault(context) ? true : null;

        var input = JsonText(activity.Input.GetOrDefault(context));
        if (input is not null)
        {
            try
            {
                request.Input = ResponseInput.Parse(input);
            }
            catch (FormatException exception)
            {
                errors.Add(exception.Message);
            }
        }

        if (JsonText(activity.Tools.GetOrDefault(context)) is { } tools && !string.IsNullOrWhiteSpace(tools))
        {
            try
            {
                request.Tools = ResponseTool.ParseArray(tools);
            }
            catch (FormatException exception)
            {
                errors.Add(exception.Message);
            }
        }

        if (EmptyToNull(activity.ToolChoice.GetOrDefault(context)) is { } toolChoice)
        {
            try
            {
                request.ToolChoice = ToolChoice.Parse(toolChoice);
            }
            catch (FormatException exception)
            {
                errors.Add(exception.Message);
            }
        }

        return (request, errors);
    }

    // Designer inputs arrive as text; expressions may return JSON elements, nodes, or plain objects and arrays.
    private static string? JsonText(object? value) => value switch
    {
        null => null,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        JsonElement element => element.GetRawText(),
        System.Text.Json.Nodes.JsonNode node => node.ToJsonString(),
        _ => JsonSerializer.Serialize(value),
    };

    private static string? EmptyToNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
