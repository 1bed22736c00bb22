using System.Text.Json;
using Elsa.Common.Models;
using Elsa.Responses.Client.Agents;
using Elsa.Responses.Client.Requests;
using Elsa.Workflows.Management;

namespace Elsa.Responses.Agents;

// The tools of one Run Agent: the published workflows it runs itself, and the JSON tools (from its Tools input) that it
// leaves to the workflow's author. Names are unique across both; the JSON tools keep theirs.
internal sealed class WorkflowToolCatalog
{
    private readonly IReadOnlyList<WorkflowTool> _workflows;
    private readonly IReadOnlyList<ResponseTool> _external;
    private readonly HashSet<string> _externalNames;

    private WorkflowToolCatalog(IReadOnlyList<WorkflowTool> workflows, IReadOnlyList<ResponseTool> external, HashSet<string> externalNames)
    {
        _workflows = workflows;
        _external = external;
        _externalNames = externalNames;
    }

    /// <summary>Every tool, as the request sends them: the workflows first.</summary>
    public IList<ResponseTool> RequestTools => [.. _workflows.Select(w => w.ToResponseTool()), .. _external];

    public WorkflowTool? FindWorkflow(string name) => _workflows.FirstOrDefault(w => w.Name == name);

    public bool IsExternal(string name) => _externalNames.Contains(name);

    public static async Task<(WorkflowToolCatalog Catalog, IReadOnlyList<string> Errors)> LoadAsync(
        IWorkflowDefinitionService definitions, IReadOnlyList<string> definitionIds, IList<ResponseTool>? externalTools, CancellationToken cancellationToken)
    {
        var external = externalTools?.ToList() ?? [];
        var externalNames = external.Select(FunctionName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var errors = new List<string>();
        var graphs = new List<Workflows.Models.WorkflowGraph>();
        foreach (var id in definitionIds.Distinct(StringComparer.Ordinal))
        {
            var graph = await definitions.FindWorkflowGraphAsync(id, VersionOptions.Published, cancellationToken);
            if (graph is null)
                errors.Add($"ToolWorkflows: no published workflow has the definition id '{id}'");
            else
                graphs.Add(graph);
        }

        var names = FunctionToolNames.Assign(graphs.Select(g => g.Workflow.WorkflowMetadata.Name ?? g.Workflow.Identity.DefinitionId), externalNames);
        var tools = graphs.Select((graph, i) => new WorkflowTool(
            names[i],
            graph.Workflow.Identity.DefinitionId,
            graph.Workflow.WorkflowMetadata.Description,
            graph.Workflow.Inputs.Select(input => new ToolParameter(input.Name, input.Type, input.Description)).ToList(),
            graph)).ToList();
        return (new WorkflowToolCatalog(tools, external, externalNames), errors);
    }

    private static string? FunctionName(ResponseTool tool) =>
        tool.Json.ValueKind == JsonValueKind.Object && tool.Json.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : tool.Json.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
              && function.TryGetProperty("name", out var nested) && nested.ValueKind == JsonValueKind.String
                ? nested.GetString()
                : null;
}
