using System.Diagnostics;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Telemetry;

namespace Elsa.Responses.Agents;

// Run Agent's spans, on the client's ActivitySource: an invoke_agent span for each stretch of the run (the start, and
// each resumption after a tool workflow finished: a span cannot outlive a restart), with the model-call spans inside
// it, and an execute_tool span for each tool run.
internal static class AgentTelemetry
{
    public static Activity? StartAgent(string agentName, string? model)
    {
        var span = ResponsesTelemetry.Source.StartActivity($"{GenAiAttributes.InvokeAgent} {agentName}", ActivityKind.Internal);
        span?.SetTag(GenAiAttributes.OperationName, GenAiAttributes.InvokeAgent);
        span?.SetTag(GenAiAttributes.AgentName, agentName);
        span?.SetTag(GenAiAttributes.RequestModel, model);
        return span;
    }

    public static void EndAgent(Activity? span, string outcome, string? errorType, ResponseUsage? usage)
    {
        if (span is null)
            return;
        span.SetTag("elsa.responses.outcome", outcome);
        if (usage is not null)
        {
            span.SetTag(GenAiAttributes.UsageInputTokens, usage.InputTokens);
            span.SetTag(GenAiAttributes.UsageOutputTokens, usage.OutputTokens);
        }

        if (errorType is not null)
        {
            span.SetTag(GenAiAttributes.ErrorType, errorType);
            span.SetStatus(ActivityStatusCode.Error, errorType);
        }
    }

    public static Activity? StartTool(ToolCall call)
    {
        var span = ResponsesTelemetry.Source.StartActivity($"{GenAiAttributes.ExecuteTool} {call.Name}", ActivityKind.Internal);
        span?.SetTag(GenAiAttributes.OperationName, GenAiAttributes.ExecuteTool);
        span?.SetTag(GenAiAttributes.ToolName, call.Name);
        span?.SetTag(GenAiAttributes.ToolCallId, call.CallId);
        span?.SetTag(GenAiAttributes.ToolType, "function");
        return span;
    }

    public static void EndTool(Activity? span, ToolRun run)
    {
        if (span is null)
            return;
        span.SetTag("elsa.workflow_instance.id", run.WorkflowInstanceId);
        span.SetTag("elsa.responses.tool.status", run.Status);
        if (run.Status is not (Client.Agents.AgentStepStatus.Completed or Client.Agents.AgentStepStatus.Running))
        {
            span.SetTag(GenAiAttributes.ErrorType, run.Status);
            span.SetStatus(ActivityStatusCode.Error, run.Status);
        }
    }
}
