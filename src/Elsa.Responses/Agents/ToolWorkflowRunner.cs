using System.Text.Encodings.Web;
using System.Text.Json;
using Elsa.Extensions;
using Elsa.Responses.Client.Agents;
using Elsa.Responses.Client.Results;
using Elsa.Workflows;
using Elsa.Workflows.Models;
using Elsa.Workflows.Options;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.State;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Agents;

// Runs one tool call as a child workflow of the agent's workflow, as Elsa's ExecuteWorkflow does: a new instance of the
// published version, its inputs from the model's arguments, its parent and scheduling activity set so the instance viewer
// links the two. Arguments that cannot be read, an unknown tool and a faulted workflow each become an error for the
// model. A workflow that suspends is left to report back (ResumeRunAgentOnToolFinished).
internal static class ToolWorkflowRunner
{
    // The model reads this text: no HTML escaping of quotes, accents or symbols.
    private static readonly JsonSerializerOptions OutputJson = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<ToolRun> RunAsync(ActivityExecutionContext context, WorkflowToolCatalog catalog, ToolCall call)
    {
        using var span = AgentTelemetry.StartTool(call);
        var run = await RunCoreAsync(context, catalog, call);
        AgentTelemetry.EndTool(span, run);
        return run;
    }

    private static async Task<ToolRun> RunCoreAsync(ActivityExecutionContext context, WorkflowToolCatalog catalog, ToolCall call)
    {
        if (catalog.FindWorkflow(call.Name) is not { } tool)
            return ToolRun.Error(call.CallId, AgentStepStatus.UnknownTool, $"There is no tool named '{call.Name}'. Call one of the tools you were given.");

        var arguments = ToolArguments.Bind(call.Arguments, tool.Parameters);
        if (!arguments.Succeeded)
            return ToolRun.Error(call.CallId, AgentStepStatus.InvalidArguments,
                $"Invalid arguments for {tool.Name}: {string.Join("; ", arguments.Errors)}. Call it again with corrected arguments.");

        // Each child runs in a scope of its own, so that calls run in parallel share no scoped service.
        await using var scope = context.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var parentInstanceId = context.WorkflowExecutionContext.Id;
        var options = new RunWorkflowOptions
        {
            ParentWorkflowInstanceId = parentInstanceId,
            Input = arguments.Values!.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!),
            Properties = new Dictionary<string, object>
            {
                [ToolWorkflowLink.ParentInstanceIdProperty] = parentInstanceId,
                [ToolWorkflowLink.CallIdProperty] = call.CallId,
            },
            CorrelationId = context.WorkflowExecutionContext.CorrelationId,
            WorkflowInstanceId = scope.ServiceProvider.GetRequiredService<IIdentityGenerator>().GenerateId(),
            SchedulingActivityExecutionId = context.Id,
            SchedulingWorkflowInstanceId = parentInstanceId,
            SchedulingCallStackDepth = context.CallStackDepth,
        };

        var result = await scope.ServiceProvider.GetRequiredService<IWorkflowInvoker>().InvokeAsync(tool.Graph, options, context.CancellationToken);
        var state = result.WorkflowState;
        if (state.Status != WorkflowStatus.Finished)
            return new ToolRun(call.CallId, AgentStepStatus.Running, null, state.Id);
        return Finished(call.CallId, state.Id, state.SubStatus, OutputOf(state), ErrorOf(state));
    }

    /// <summary>The step a finished tool workflow gives, now or when it reports back after a suspension.</summary>
    public static ToolRun Finished(string callId, string instanceId, WorkflowSubStatus subStatus, string output, string? error) => subStatus switch
    {
        WorkflowSubStatus.Finished => new ToolRun(callId, AgentStepStatus.Completed, output, instanceId),
        WorkflowSubStatus.Cancelled => ToolRun.Error(callId, AgentStepStatus.Faulted, "The tool was cancelled before it finished.", instanceId),
        _ => ToolRun.Error(callId, AgentStepStatus.Faulted, $"The tool failed: {error ?? "no reason was given"}", instanceId),
    };

    /// <summary>The workflow's outputs as a JSON object: what the model receives.</summary>
    public static string OutputOf(WorkflowState state) => JsonSerializer.Serialize(state.Output, OutputJson);

    // Each incident's message, with its innermost cause: "Failed to evaluate activity input 'OutputValue'" alone would
    // tell the model nothing.
    public static string? ErrorOf(WorkflowState state) =>
        state.Incidents.Count == 0 ? null : string.Join("; ", state.Incidents.Select(DescribeIncident).Distinct());

    private static string DescribeIncident(ActivityIncident incident)
    {
        var cause = incident.Exception;
        while (cause?.InnerException is not null)
            cause = cause.InnerException;
        return cause is null || cause.Message == incident.Message ? incident.Message : $"{incident.Message}: {cause.Message}";
    }
}
