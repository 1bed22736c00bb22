namespace Elsa.Responses.Agents;

// How a tool workflow's instance finds its way back to the Run Agent that started it: properties on the child's
// instance, a bookmark on the agent keyed by the child's instance id, and the input the agent is resumed with.
internal static class ToolWorkflowLink
{
    public const string ParentInstanceIdProperty = "RunAgent:ParentInstanceId";
    public const string CallIdProperty = "RunAgent:CallId";

    public const string ChildInstanceIdInput = "RunAgent:ChildInstanceId";
    public const string SubStatusInput = "RunAgent:SubStatus";
    public const string OutputInput = "RunAgent:Output";
    public const string ErrorInput = "RunAgent:Error";
}
