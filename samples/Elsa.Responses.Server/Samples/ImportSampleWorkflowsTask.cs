using System.Text.RegularExpressions;
using Elsa.Common;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Filters;
using Elsa.Workflows.Management.Models;
using Elsa.Workflows.Runtime.Tasks;

namespace Elsa.Responses.Server.Samples;

/// <summary>
/// Imports and publishes <c>samples/workflows/tools/*.json</c>, then <c>samples/workflows/*.json</c>, at start-up, so a newcomer finds working examples in the Studio.
/// A definition that already exists (same definition id) is left alone, so edits made in the Studio survive a restart;
/// set <c>Samples:Overwrite</c> to re-import. A file without a definition id gets one from its file name.
/// </summary>
[TaskDependency(typeof(PopulateRegistriesStartupTask))]
public sealed partial class ImportSampleWorkflowsTask(
    ServerPaths paths,
    IConfiguration configuration,
    IApiSerializer serializer,
    IWorkflowDefinitionImporter importer,
    IWorkflowDefinitionStore store,
    ILogger<ImportSampleWorkflowsTask> logger) : IStartupTask
{
    /// <inheritdoc />
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Samples:Import", true))
            return;
        if (paths.SampleWorkflows is not { } folder)
        {
            logger.LogInformation("No sample workflows folder found; nothing to import.");
            return;
        }

        var overwrite = configuration.GetValue("Samples:Overwrite", false);
        // Tool workflows (tools/) first: Run Agent in agent.json names them, and they must be published before it runs.
        var toolsFolder = Path.Combine(folder, "tools");
        var files = (Directory.Exists(toolsFolder) ? Directory.GetFiles(toolsFolder, "*.json").Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
            .Concat(Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            .ToList();
        var imported = 0;
        foreach (var file in files)
        {
            try
            {
                if (await ImportAsync(file, overwrite, cancellationToken))
                    imported++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Could not import sample workflow {File}: {Message}", Path.GetFileName(file), exception.Message);
            }
        }

        logger.LogInformation("Sample workflows: {Imported} imported and published, {Total} found in {Folder}.", imported, files.Count, folder);
    }

    private async Task<bool> ImportAsync(string file, bool overwrite, CancellationToken cancellationToken)
    {
        var json = await File.ReadAllTextAsync(file, cancellationToken);
        var model = serializer.Deserialize<WorkflowDefinitionModel>(json);
        var definitionId = string.IsNullOrWhiteSpace(model.DefinitionId) ? IdFromFileName(file) : model.DefinitionId;
        model.DefinitionId = definitionId;

        if (!overwrite && await store.AnyAsync(new WorkflowDefinitionFilter { DefinitionId = definitionId }, cancellationToken))
        {
            logger.LogDebug("Sample workflow {DefinitionId} exists already; kept as is.", definitionId);
            return false;
        }

        var result = await importer.ImportAsync(new SaveWorkflowDefinitionRequest { Model = model, Publish = true }, cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogWarning("Sample workflow {File} did not publish: {Errors}", Path.GetFileName(file),
                string.Join("; ", result.ValidationErrors.Select(e => e.Message)));
            return false;
        }

        logger.LogInformation("Imported sample workflow {Name} ({DefinitionId}) from {File}.", model.Name, definitionId, Path.GetFileName(file));
        return true;
    }

    private static string IdFromFileName(string file) => "sample-" + NonIdCharacters().Replace(Path.GetFileNameWithoutExtension(file).ToLowerInvariant(), "-");

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NonIdCharacters();
}
