using Elsa.Extensions;
using Elsa.Responses.Client.Requests;
using Elsa.Workflows;

namespace Elsa.Responses.Activities;

// Evaluates the activity's inputs and hands them, by name, to the one engine-neutral mapping the CLI uses too
// (RequestInputMapper). Inputs that cannot be read are reported by name; the rest is left to the client's validator.
internal static class ActivityRequestReader
{
    public static (ResponseRequest Request, int RepairAttempts, IReadOnlyList<string> Errors) Read(ResponseActivity activity, ActivityExecutionContext context)
    {
        var (request, errors) = RequestInputMapper.Map(name => ValueOf(activity, name, context));
        var (repairAttempts, repairError) = RequestInputMapper.MapRepairAttempts(name => ValueOf(activity, name, context));
        return (request, repairAttempts, [.. errors.Select(e => e.ToString()), .. repairError is null ? [] : new[] { repairError.ToString() }]);
    }

    private static object? ValueOf(ResponseActivity activity, string name, ActivityExecutionContext context) => name switch
    {
        RequestInputNames.Model => activity.Model.GetOrDefault(context),
        RequestInputNames.Input => activity.Input.GetOrDefault(context),
        RequestInputNames.Instructions => activity.Instructions.GetOrDefault(context),
        RequestInputNames.Temperature => activity.Temperature.GetOrDefault(context),
        RequestInputNames.TopP => activity.TopP.GetOrDefault(context),
        RequestInputNames.MaxOutputTokens => activity.MaxOutputTokens.GetOrDefault(context),
        RequestInputNames.Stop => activity.Stop.GetOrDefault(context),
        RequestInputNames.Tools => activity.Tools.GetOrDefault(context),
        RequestInputNames.ToolChoice => activity.ToolChoice.GetOrDefault(context),
        RequestInputNames.RequestMetadata => activity.RequestMetadata.GetOrDefault(context),
        RequestInputNames.User => activity.User.GetOrDefault(context),
        RequestInputNames.Stream => activity.Stream.GetOrDefault(context),
        RequestInputNames.IncludeUsage => activity.IncludeUsage.GetOrDefault(context),
        RequestInputNames.OutputSchema => activity.OutputSchema.GetOrDefault(context),
        RequestInputNames.SchemaName => activity.SchemaName.GetOrDefault(context),
        RequestInputNames.Strict => activity.Strict.GetOrDefault(context),
        RequestInputNames.RepairAttempts => activity.RepairAttempts.GetOrDefault(context),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a request input."),
    };
}
