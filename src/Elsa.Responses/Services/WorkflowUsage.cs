using Elsa.Responses.Client.Results;
using Elsa.Workflows;

namespace Elsa.Responses.Services;

/// <summary>
/// The token totals of a workflow instance: every Create Response and Run Agent call adds to them. They live in the
/// instance's properties (key <see cref="PropertyName"/>, a JSON object as text), so they are persisted with it, survive
/// suspension and restarts, and are readable through Elsa's API (<c>GET /elsa/api/workflow-instances/{id}</c>,
/// <c>workflowState.properties</c>).
/// </summary>
public static class WorkflowUsage
{
    /// <summary>The workflow instance property that holds the totals.</summary>
    public const string PropertyName = "Elsa.Responses:Usage";

    /// <summary>The totals so far of the instance <paramref name="context"/> runs in.</summary>
    public static UsageTotals Read(WorkflowExecutionContext context) =>
        UsageTotals.FromJson(context.Properties.TryGetValue(PropertyName, out var value) ? value?.ToString() : null);

    internal static void Add(WorkflowExecutionContext context, string? model, ResponseResult? result)
    {
        if (result is null)
            return;
        var totals = Read(context);
        totals.Add(model, result.Usage, result.Attempts);
        context.Properties[PropertyName] = totals.ToJson();
    }
}
