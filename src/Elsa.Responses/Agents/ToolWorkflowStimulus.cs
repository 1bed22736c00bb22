namespace Elsa.Responses.Agents;

// The bookmark payload of a Run Agent that waits for one tool workflow instance: its hash ties the child's end to it.
internal sealed record ToolWorkflowStimulus(string ChildInstanceId);
