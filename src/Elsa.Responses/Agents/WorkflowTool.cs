using Elsa.Responses.Client.Agents;
using Elsa.Responses.Client.Requests;
using Elsa.Workflows.Models;

namespace Elsa.Responses.Agents;

/// <summary>A published workflow offered to the model as a function tool.</summary>
/// <param name="Name">The function name, made from the workflow's name (see <see cref="FunctionToolNames"/>).</param>
/// <param name="DefinitionId">The workflow definition id.</param>
/// <param name="Description">The workflow definition's description.</param>
/// <param name="Parameters">The workflow's inputs.</param>
/// <param name="Graph">The published version that runs.</param>
internal sealed record WorkflowTool(string Name, string DefinitionId, string? Description, IReadOnlyList<ToolParameter> Parameters, WorkflowGraph Graph)
{
    public ResponseTool ToResponseTool() =>
        ResponseTool.Function(Name, string.IsNullOrWhiteSpace(Description) ? null : Description, ToolParameterSchema.For(Parameters));
}
