using Elsa.Extensions;
using Elsa.Persistence.EFCore.Extensions;
using Elsa.Persistence.EFCore.Modules.Management;
using Elsa.Persistence.EFCore.Modules.Runtime;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Entities;
using Elsa.Workflows.Management.Filters;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>
/// A real, started host as the sample server builds one, without HTTP: Elsa 3.7.1 with management and runtime on EF Core
/// SQLite in <paramref name="databasePath"/>, JavaScript, and the Responses module pointed at a fake server. Its hosted
/// services run (migrations, registries, the bookmark queue worker); stopping and disposing it is a restart's first half,
/// a new host on the same file the second. Logs of every level go to <see cref="Logs"/>, which hosts may share.
/// </summary>
public sealed class DurableElsaHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DurableElsaHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<DurableElsaHost> StartAsync(ITestOutputHelper output, Uri baseUrl, string databasePath, FakeLogCollector logs)
    {
        // No pooling: once a host is disposed nothing holds the file, as after a process exit.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders()
            .AddProvider(new FakeLoggerProvider(logs))
            .AddProvider(new XunitLoggerProvider(output))
            .SetMinimumLevel(LogLevel.Trace)
            .AddFilter<XunitLoggerProvider>((category, level) => level >= LogLevel.Information && category?.StartsWith("Microsoft.EntityFrameworkCore") != true);
        builder.Services.AddElsa(elsa => elsa
            .UseWorkflowManagement(management => management.UseEntityFrameworkCore(ef => ef.UseSqlite(connectionString)))
            .UseWorkflowRuntime(runtime => runtime.UseEntityFrameworkCore(ef => ef.UseSqlite(connectionString)))
            .UseJavaScript()
            .UseResponses(responses => responses.AddConnection("default", connection =>
            {
                connection.BaseUrl = baseUrl;
                connection.ApiKey = FakeResponsesServer.ApiKey;
                connection.MaxRetryAttempts = 0;
                connection.AttemptTimeout = TimeSpan.FromSeconds(10);
                connection.TotalTimeout = TimeSpan.FromSeconds(20);
            })));

        var host = builder.Build();
        await host.StartAsync();
        return new DurableElsaHost(host);
    }

    /// <summary>Imports and publishes a definition file, as <see cref="ElsaTestHost.ImportAsync"/> does.</summary>
    public async Task<WorkflowDefinition> ImportAsync(string path) => await ImportJsonAsync(await File.ReadAllTextAsync(path));

    /// <summary>Imports and publishes a definition given as JSON, as <see cref="ElsaTestHost.ImportJsonAsync(string)"/> does.</summary>
    public Task<WorkflowDefinition> ImportJsonAsync(string json) => ElsaTestHost.ImportJsonAsync(Services, json);

    /// <summary>The instance as the store has it now.</summary>
    public async Task<WorkflowInstance> FindInstanceAsync(string id)
    {
        await using var scope = Services.CreateAsyncScope();
        var instance = await scope.ServiceProvider.GetRequiredService<IWorkflowInstanceStore>().FindAsync(new WorkflowInstanceFilter { Id = id });
        return instance ?? throw new InvalidOperationException($"No workflow instance {id} is stored.");
    }

    /// <summary>Polls the store until the instance is Finished; fails after <paramref name="timeout"/> with its last state.</summary>
    public Task<WorkflowInstance> WaitUntilFinishedAsync(string id, TimeSpan timeout) =>
        WaitUntilAsync(id, instance => instance.Status == WorkflowStatus.Finished, "Finished", timeout);

    /// <summary>Polls the store until the instance is as <paramref name="condition"/> wants; fails after <paramref name="timeout"/>.</summary>
    public async Task<WorkflowInstance> WaitUntilAsync(string id, Func<WorkflowInstance, bool> condition, string description, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var instance = await FindInstanceAsync(id);
            if (condition(instance))
                return instance;
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"Workflow instance {id} is not {description} after {timeout.TotalSeconds:0} s: it is {instance.Status}/{instance.SubStatus}.");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
