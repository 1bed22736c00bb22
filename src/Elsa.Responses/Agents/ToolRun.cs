using Elsa.Responses.Client.Agents;

namespace Elsa.Responses.Agents;

// What running one tool call gave: a finished step (Completed or an error the model is told about), or a workflow
// instance that suspended and will report back.
internal sealed record ToolRun(string CallId, string Status, string? Output, string? WorkflowInstanceId)
{
    public bool Suspended => Status == AgentStepStatus.Running;

    public static ToolRun Error(string callId, string status, string message, string? workflowInstanceId = null) =>
        new(callId, status, AgentRun.ErrorOutput(message), workflowInstanceId);
}
