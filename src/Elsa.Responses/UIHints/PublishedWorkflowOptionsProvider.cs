using System.Reflection;
using Elsa.Common.Models;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Filters;
using Elsa.Workflows.UIHints.CheckList;

namespace Elsa.Responses.UIHints;

/// <summary>Fills Run Agent's ToolWorkflows check list with the published workflow definitions, by name.</summary>
internal sealed class PublishedWorkflowOptionsProvider(IWorkflowDefinitionStore store) : CheckListOptionsProviderBase
{
    // Workflows are published while the server runs. Studio 3.8.2's check list shows the items of the descriptor and never
    // asks for options again; it loads descriptors with ?refresh=true, which describes the activity anew, so each page load
    // sees what is published then. The flag is for clients that do re-fetch (POST …/options/ToolWorkflows).
    /// <inheritdoc />
    protected override bool RefreshOnChange => true;

    /// <inheritdoc />
    protected override async ValueTask<ICollection<CheckListItem>> GetItemsAsync(PropertyInfo propertyInfo, object? context, CancellationToken cancellationToken)
    {
        var filter = new WorkflowDefinitionFilter { VersionOptions = VersionOptions.Published, IsSystem = false };
        var summaries = await store.FindSummariesAsync(filter, cancellationToken);
        return summaries
            .OrderBy(s => s.Name ?? s.DefinitionId, StringComparer.OrdinalIgnoreCase)
            .Select(s => new CheckListItem(string.IsNullOrWhiteSpace(s.Name) ? s.DefinitionId : s.Name!, s.DefinitionId))
            .ToList();
    }
}
