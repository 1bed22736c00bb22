using Elsa.Extensions;
using Elsa.Responses.Features;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Entities;
using Elsa.Workflows.Management.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>
/// A real Elsa 3.7.1 service provider (Elsa.Testing.Shared.Integration's <see cref="TestApplicationBuilder"/>: workflows,
/// management, runtime, JavaScript) with the Responses module pointed at a fake server. Logs of every level are captured.
/// </summary>
public sealed class ElsaTestHost
{
    private ElsaTestHost(IServiceProvider services, FakeLogCollector logs, CapturingTextWriter console)
    {
        Services = services;
        Logs = logs;
        Console = console;
    }

    public IServiceProvider Services { get; }

    /// <summary>Every log record written through Microsoft.Extensions.Logging, at every level.</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>What WriteLine activities wrote.</summary>
    public CapturingTextWriter Console { get; }

    public static async Task<ElsaTestHost> StartAsync(ITestOutputHelper output, Uri baseUrl, Action<ResponsesFeature>? configure = null)
    {
        var logs = new FakeLogCollector();
        var console = new CapturingTextWriter();
        var services = new TestApplicationBuilder(output)
            .WithCapturingTextWriter(console)
            .ConfigureServices(s => s.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace)))
            .ConfigureElsa(elsa => elsa.UseResponses(responses =>
            {
                responses.AddConnection("default", connection =>
                {
                    connection.BaseUrl = baseUrl;
                    connection.ApiKey = FakeResponsesServer.ApiKey;
                    connection.MaxRetryAttempts = 0;
                    connection.AttemptTimeout = TimeSpan.FromSeconds(10);
                    connection.TotalTimeout = TimeSpan.FromSeconds(20);
                });
                configure?.Invoke(responses);
            }))
            .Build();
        await services.PopulateRegistriesAsync();
        return new ElsaTestHost(services, logs, console);
    }

    /// <summary>
    /// Imports a workflow definition file the way <c>POST /elsa/api/workflow-definitions/import</c> does (Elsa's API
    /// serializer, then IWorkflowDefinitionImporter with Publish = false), then publishes it as Studio's Publish button does.
    /// Fails on any validation error.
    /// </summary>
    public async Task<WorkflowDefinition> ImportAsync(string path) => await ImportJsonAsync(await File.ReadAllTextAsync(path));

    /// <summary>Imports and publishes a workflow definition given as JSON, as <see cref="ImportAsync"/> does a file.</summary>
    public Task<WorkflowDefinition> ImportJsonAsync(string json) => ImportJsonAsync(Services, json);

    /// <summary>Imports and publishes a workflow definition given as JSON into the Elsa of <paramref name="services"/>.</summary>
    public static async Task<WorkflowDefinition> ImportJsonAsync(IServiceProvider services, string json)
    {
        var model = services.GetRequiredService<IApiSerializer>().Deserialize<WorkflowDefinitionModel>(json);
        var imported = await services.GetRequiredService<IWorkflowDefinitionImporter>().ImportAsync(new SaveWorkflowDefinitionRequest { Model = model, Publish = false });
        Assert.True(imported.Succeeded, string.Join("; ", imported.ValidationErrors.Select(e => e.Message)));
        var published = await services.GetRequiredService<IWorkflowDefinitionPublisher>().PublishAsync(imported.WorkflowDefinition);
        Assert.True(published.Succeeded, string.Join("; ", published.ValidationErrors.Select(e => e.Message)));
        return imported.WorkflowDefinition;
    }
}
