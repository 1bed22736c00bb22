using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Elsa.Extensions;
using Elsa.Responses.Activities;
using Elsa.Responses.Benchmarks.Infrastructure;
using Elsa.Responses.Client.Transport;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Models;
using Elsa.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Benchmarks.Activity;

/// <summary>
/// The Create Response activity run inside a real Elsa 3.7.1 workflow (AddElsa + UseResponses, the connection's HttpClient
/// with its resilience handler, IWorkflowRunner) against the replay handler, against a plain HttpClient POST and a
/// JsonDocument parse of the same body. An empty workflow shows how much of the difference is Elsa's engine itself.
/// </summary>
public class ActivityBenchmarks
{
    private const string ActivityId = "call";

    private ServiceProvider _services = null!;
    private IWorkflowRunner _runner = null!;
    private WorkflowGraph _withActivity = null!;
    private WorkflowGraph _empty = null!;
    private HttpClient _plain = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "Plain: HttpClient POST + JsonDocument")]
    public async Task<string?> Plain()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Clients.ResponsesUri) { Content = new ByteArrayContent(Clients.FloorRequestBody) };
        using var response = await _plain.SendAsync(request);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var document = await JsonDocument.ParseAsync(stream);
        return document.RootElement.GetProperty("id").GetString();
    }

    [Benchmark(Description = "Elsa workflow: Create Response")]
    public async Task<string?> CreateResponseActivity()
    {
        var result = await _runner.RunAsync(_withActivity);
        return result.WorkflowState.Status == WorkflowStatus.Finished
            ? result.WorkflowExecutionContext.GetActivityOutputRegister().FindOutputByActivityId(ActivityId, nameof(CreateResponse.Text)) as string
            : null;
    }

    [Benchmark(Description = "Elsa workflow: empty (engine floor)")]
    public async Task<WorkflowStatus> EmptyWorkflow() => (await _runner.RunAsync(_empty)).WorkflowState.Status;

    private async Task SetupAsync()
    {
        var payload = Fixtures.Load(
            "charmbracelet-fantasy/extracted/TestOpenAIResponsesCommon/openai-gpt-4o/simple.00.response.json",
            () => SyntheticData.LargeResponse(textBytes: 200, toolCalls: 0));
        Console.WriteLine($"// activity: {payload.Bytes.Length:N0} bytes, {payload.Source}");

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddElsa(elsa => elsa.UseResponses(responses => responses.AddConnection("default", connection =>
        {
            connection.BaseUrl = Clients.BaseUrl;
            connection.ApiKey = "sk-benchmark";
        })));
        // The connection's own named HttpClient, resilience handler included; only the socket is replaced.
        services.AddHttpClient(ResponsesClientFactory.HttpClientName("default")).ConfigurePrimaryHttpMessageHandler(() => ReplayHandler.Json(payload.Bytes));
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<IRegistriesPopulator>().PopulateAsync();

        var graphs = _services.GetRequiredService<IWorkflowGraphBuilder>();
        _withActivity = await graphs.BuildAsync(new Workflow { Root = new CreateResponse { Id = ActivityId, Model = new(Clients.Model), Input = new(Clients.Prompt) } });
        _empty = await graphs.BuildAsync(new Workflow { Root = new Sequence() });
        _runner = _services.GetRequiredService<IWorkflowRunner>();
        _plain = Clients.Plain(ReplayHandler.Json(payload.Bytes));

        var text = await CreateResponseActivity();
        if (string.IsNullOrEmpty(text))
            throw new InvalidOperationException("activity: the workflow did not finish with the response's text.");
        if (await Plain() is null || await EmptyWorkflow() != WorkflowStatus.Finished)
            throw new InvalidOperationException("activity: a baseline did not run.");
    }
}
