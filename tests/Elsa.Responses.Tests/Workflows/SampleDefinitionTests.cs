using System.Text.Json;
using Elsa.Common.Models;
using Elsa.Responses.Activities;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Activities.Flowchart.Activities;
using Elsa.Workflows.Management;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Workflows;

/// <summary>The files in samples/workflows are Elsa 3.7.1 workflow definitions: they import, publish, materialize and export.</summary>
public sealed class SampleDefinitionTests(ITestOutputHelper output)
{
    public static TheoryData<string, string[]> Samples => new()
    {
        { "summarize.json", ["summarize-call"] },
        { "expressions.json", ["expressions-call"] },
        { "tool-loop.json", ["tool-call", "final-call"] },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_imports_publishes_and_materializes_every_activity(string fileName, string[] createResponseIds)
    {
        var host = await ElsaTestHost.StartAsync(output, FakeResponsesServer.DeadUrl());
        var file = JsonDocument.Parse(await File.ReadAllTextAsync(SamplePaths.Workflow(fileName))).RootElement;
        var fileActivities = file.GetProperty("root").GetProperty("activities").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("type").GetString()!);

        var definition = await host.ImportAsync(SamplePaths.Workflow(fileName));

        Assert.Equal(file.GetProperty("definitionId").GetString(), definition.DefinitionId);
        var graph = await host.Services.GetRequiredService<IWorkflowDefinitionService>()
            .FindWorkflowGraphAsync(definition.DefinitionId, VersionOptions.Published);
        Assert.NotNull(graph);
        var flowchart = Assert.IsType<Flowchart>(graph.Workflow.Root);
        Assert.Equal(fileActivities.Keys.Order(), flowchart.Activities.Select(a => a.Id).Order());
        Assert.DoesNotContain(flowchart.Activities, a => a is NotFoundActivity);
        Assert.All(flowchart.Activities, a => Assert.Equal(fileActivities[a.Id], a.Type));
        Assert.Equal(file.GetProperty("root").GetProperty("connections").GetArrayLength(), flowchart.Connections.Count);
        Assert.All(flowchart.Connections, c => Assert.Contains(c.Source.Port, new[] { "Done", "Tool calls", "Incomplete", "Failed" }));

        var calls = flowchart.Activities.OfType<CreateResponse>().ToList();
        Assert.Equal(createResponseIds.Order(), calls.Select(a => a.Id).Order());
        Assert.All(calls, call =>
        {
            Assert.Equal("Elsa.Responses.CreateResponse", call.Type);
            Assert.Equal(1, call.Version);
            Assert.False(string.IsNullOrWhiteSpace(call.Name));
            Assert.NotNull(call.Model);
            Assert.NotNull(call.Input);
        });
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_survives_Elsas_own_import_helper_and_export(string fileName, string[] createResponseIds)
    {
        var host = await ElsaTestHost.StartAsync(output, FakeResponsesServer.DeadUrl());

        // Elsa.Testing.Shared.Integration's helper: IActivitySerializer + IWorkflowDefinitionImporter, published.
        var definition = await host.Services.ImportWorkflowDefinitionAsync(SamplePaths.Workflow(fileName));
        Assert.True(definition.IsPublished);

        // Export it the way Studio's export button does, and find the same Create Response activities in it.
        var exported = await host.Services.GetRequiredService<IWorkflowDefinitionExporter>()
            .ExportAsync(definition.DefinitionId, VersionOptions.Published, includeConsumingWorkflows: false);
        Assert.NotNull(exported);
        var json = JsonDocument.Parse(exported.Data).RootElement;
        var activities = json.GetProperty("root").GetProperty("activities").EnumerateArray().ToList();
        var exportedCalls = activities.Where(a => a.GetProperty("type").GetString() == "Elsa.Responses.CreateResponse").ToList();
        Assert.Equal(createResponseIds.Order(), exportedCalls.Select(a => a.GetProperty("id").GetString()).Order());
        Assert.All(exportedCalls, call => Assert.Equal("String", call.GetProperty("model").GetProperty("typeName").GetString()));
    }
}
