using System.Text.Json;
using Elsa.Responses.Cli.Requests;
using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Cli.Definitions;

// Reads a Create Response activity's literal inputs and maps them with the activity's own mapping (RequestInputMapper),
// by the activity's own input names (RequestInputNames), so that the CLI and the activity cannot disagree.
internal static class ActivityInputReader
{
    // The flag that can replace each input; Strict has none.
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        [RequestInputNames.Model] = "--model",
        [RequestInputNames.Input] = "--input",
        [RequestInputNames.Instructions] = "--instructions",
        [RequestInputNames.Temperature] = "--temperature",
        [RequestInputNames.TopP] = "--top-p",
        [RequestInputNames.MaxOutputTokens] = "--max-output-tokens",
        [RequestInputNames.Stop] = "--stop",
        [RequestInputNames.Tools] = "--tools",
        [RequestInputNames.ToolChoice] = "--tool-choice",
        [RequestInputNames.RequestMetadata] = "--metadata",
        [RequestInputNames.User] = "--user",
        [RequestInputNames.Stream] = "--stream",
        [RequestInputNames.IncludeUsage] = "--include-usage",
        [RequestInputNames.OutputSchema] = RequestFlags.OutputSchemaFlag,
        [RequestInputNames.SchemaName] = "--schema-name",
        [RequestInputNames.RepairAttempts] = "--repair-attempts",
    };

    public static ActivityRequest Read(JsonElement activity, string activityId)
    {
        var expressions = new List<ExpressionInput>();
        var literals = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        // The connection is only reported (below); every other input is read, the repairs too.
        foreach (var name in RequestInputNames.ActivityInputs.Where(n => n is not (RequestInputNames.Connection or RequestInputNames.RelayToHttpResponse)))
        {
            var input = ReadInput(activity, name);
            if (input.IsExpression)
                expressions.Add(new ExpressionInput(RequestInputNames.ToJsonName(name), Flags.GetValueOrDefault(name), input.ExpressionType!));
            else if (input.Literal is { } literal)
                literals[name] = literal;
        }

        object? ValueOf(string name) => literals.TryGetValue(name, out var value) ? value : null;
        var (request, inputErrors) = RequestInputMapper.Map(ValueOf);
        var (repairAttempts, repairError) = RequestInputMapper.MapRepairAttempts(ValueOf);
        var errors = inputErrors.Append(repairError).OfType<RequestInputError>().Select(e => $"input '{RequestInputNames.ToJsonName(e.Input)}' of activity '{activityId}': {e.Message}").ToList();

        // The connection is a name in the Elsa server's configuration; the CLI only reports it.
        var connection = ActivityInput.Read(activity, RequestInputNames.ToJsonName(RequestInputNames.Connection)).Text;
        return new ActivityRequest(activityId, request, repairAttempts, connection, expressions, errors);
    }

    // Definitions written by hand sometimes call RequestMetadata by its display name, "metadata".
    private static ActivityInput ReadInput(JsonElement activity, string name)
    {
        var input = ActivityInput.Read(activity, RequestInputNames.ToJsonName(name));
        return name == RequestInputNames.RequestMetadata && input is { IsExpression: false, Literal: null }
            ? ActivityInput.Read(activity, "metadata")
            : input;
    }
}
