using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Elsa.Common.Services;
using Elsa.Expressions.JavaScript.Activities;
using Elsa.Extensions;
using Elsa.Http;
using Elsa.Responses.Activities;
using Elsa.Responses.Benchmarks.Infrastructure;
using Elsa.Responses.Client.Transport;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Activities.Flowchart.Models;
using Elsa.Workflows.Management.Entities;
using Elsa.Workflows.Models;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Entities;
using Elsa.Workflows.Runtime.Filters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Flowchart = Elsa.Workflows.Activities.Flowchart.Activities.Flowchart;

namespace Elsa.Responses.Benchmarks.Activity;

/// <summary>
/// Issue 14 §1: Create Response against the same call made with Elsa's own HTTP task, in real Elsa 3.7.1, on one host and
/// one replay handler. The HTTP task (FlowSendHttpRequest in a Flowchart, SendHttpRequest in a Sequence) posts the same
/// request body to the same handler through Elsa.Http's named HttpClient; a Run JavaScript step then reads
/// output[].content[].text and the usage from its parsed body, which is what a workflow author would otherwise write.
/// Every run goes through IWorkflowRunner with Elsa's runtime commit handler, so each activity's execution record is
/// captured, serialized and saved to the in-memory stores, as the other activity benchmarks do.
/// </summary>
[Config(typeof(Columns))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class HttpBaselineBenchmarks
{
    private const string FlowchartCategory = "Flowchart";
    private const string SequenceCategory = "Sequence";
    private const string CallId = "call";
    private const string ExtractId = "extract";

    // The body Create Response sends for Model + Input, and the header it sends, so both post the same request.
    private const string RequestJson = $$"""{"model":"{{Clients.Model}}","input":"{{Clients.Prompt}}"}""";
    private const string Authorization = "Bearer sk-benchmark";

    // What an author writes to get the text and the usage out of the parsed body.
    private const string ExtractScript = """
        (function () {
            const body = getOutputFrom('call', 'ParsedContent');
            let text = '';
            for (const item of body.output) {
                if (item.type !== 'message') continue;
                for (const part of item.content)
                    if (part.type === 'output_text') text += part.text;
            }
            const usage = body.usage;
            return { text: text, inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, totalTokens: usage.total_tokens };
        })()
        """;

    private readonly Dictionary<string, WorkflowGraph> _graphs = [];
    private ServiceProvider _services = null!;
    private ServiceProvider _keepAll = null!;
    private IWorkflowRunner _runner = null!;
    private IWorkflowRunner _keepAllRunner = null!;
    private int _runs;
    private static bool _sizesPrinted;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _keepAll.Dispose();
    }

    [Benchmark(Baseline = true, Description = "HTTP task + JavaScript extraction")]
    [BenchmarkCategory(FlowchartCategory)]
    public Task<object?> FlowchartHttpAndScript() => RunAsync(_runner, "flow-http-js", ExtractId, "Result");

    [Benchmark(Description = "HTTP task alone")]
    [BenchmarkCategory(FlowchartCategory)]
    public Task<object?> FlowchartHttp() => RunAsync(_runner, "flow-http", CallId, "StatusCode");

    [Benchmark(Description = "Create Response")]
    [BenchmarkCategory(FlowchartCategory)]
    public Task<object?> FlowchartCreateResponse() => RunAsync(_runner, "flow-create", CallId, nameof(CreateResponse.Text));

    [Benchmark(Description = "Create Response, streamed")]
    [BenchmarkCategory(FlowchartCategory)]
    public Task<object?> FlowchartCreateResponseStreamed() => RunAsync(_runner, "flow-create-stream", CallId, nameof(CreateResponse.Text));

    [Benchmark(Description = "Create Response, record keeps Response + Conversation")]
    [BenchmarkCategory(FlowchartCategory)]
    public Task<object?> FlowchartCreateResponseKeepAll() => RunAsync(_keepAllRunner, "flow-create-keep", CallId, nameof(CreateResponse.Text));

    [Benchmark(Description = "Empty (engine floor)")]
    [BenchmarkCategory(FlowchartCategory)]
    public Task<object?> FlowchartEmpty() => RunAsync(_runner, "flow-empty", null, null);

    [Benchmark(Baseline = true, Description = "HTTP task + JavaScript extraction")]
    [BenchmarkCategory(SequenceCategory)]
    public Task<object?> SequenceHttpAndScript() => RunAsync(_runner, "seq-http-js", ExtractId, "Result");

    [Benchmark(Description = "HTTP task alone")]
    [BenchmarkCategory(SequenceCategory)]
    public Task<object?> SequenceHttp() => RunAsync(_runner, "seq-http", CallId, "StatusCode");

    [Benchmark(Description = "Create Response")]
    [BenchmarkCategory(SequenceCategory)]
    public Task<object?> SequenceCreateResponse() => RunAsync(_runner, "seq-create", CallId, nameof(CreateResponse.Text));

    [Benchmark(Description = "Create Response, streamed")]
    [BenchmarkCategory(SequenceCategory)]
    public Task<object?> SequenceCreateResponseStreamed() => RunAsync(_runner, "seq-create-stream", CallId, nameof(CreateResponse.Text));

    [Benchmark(Description = "Create Response, record keeps Response + Conversation")]
    [BenchmarkCategory(SequenceCategory)]
    public Task<object?> SequenceCreateResponseKeepAll() => RunAsync(_keepAllRunner, "seq-create-keep", CallId, nameof(CreateResponse.Text));

    [Benchmark(Description = "Empty (engine floor)")]
    [BenchmarkCategory(SequenceCategory)]
    public Task<object?> SequenceEmpty() => RunAsync(_runner, "seq-empty", null, null);

    private async Task<object?> RunAsync(IWorkflowRunner runner, string graph, string? activityId, string? output)
    {
        // The in-memory stores keep every instance and record; emptied every 64 runs so the heap does not grow through the
        // measurement. The same for every row, and a few microseconds per 64 runs.
        if (++_runs % 64 == 0)
        {
            Clear(_services);
            Clear(_keepAll);
        }

        var result = await runner.RunAsync(_graphs[graph]);
        if (result.WorkflowState.Status != WorkflowStatus.Finished)
            return null;
        return activityId is null
            ? result.WorkflowState.Status
            : result.WorkflowExecutionContext.GetActivityOutputRegister().FindOutputByActivityId(activityId, output!);
    }

    private static void Clear(IServiceProvider services)
    {
        services.GetRequiredService<MemoryStore<ActivityExecutionRecord>>().DeleteWhere(_ => true);
        services.GetRequiredService<MemoryStore<WorkflowExecutionLogRecord>>().DeleteWhere(_ => true);
        services.GetRequiredService<MemoryStore<WorkflowInstance>>().DeleteWhere(_ => true);
    }

    private async Task SetupAsync()
    {
        var json = Fixtures.Load(
            "charmbracelet-fantasy/extracted/TestOpenAIResponsesCommon/openai-gpt-4o/simple.00.response.json",
            () => SyntheticData.LargeResponse(textBytes: 200, toolCalls: 0));
        var sse = Fixtures.Load(
            "charmbracelet-fantasy/extracted/TestOpenAIResponsesCommon/openai-gpt-4o/simple_streaming.00.response.sse",
            () => SyntheticData.OpenAiTextStream(deltas: 2));
        Console.WriteLine($"// http baseline: body {json.Bytes.Length:N0} bytes ({json.Source}); stream {sse.Bytes.Length:N0} bytes ({sse.Source})");

        _services = await StartElsaAsync(json.Bytes, sse.Bytes, keepAll: false);
        _keepAll = await StartElsaAsync(json.Bytes, sse.Bytes, keepAll: true);
        _runner = _services.GetRequiredService<IWorkflowRunner>();
        _keepAllRunner = _keepAll.GetRequiredService<IWorkflowRunner>();

        foreach (var (name, services, root) in Workflows())
            _graphs[name] = await services.GetRequiredService<IWorkflowGraphBuilder>().BuildAsync(new Workflow { Root = root });

        await CheckAsync(json.Bytes);
        // Once per process: the in-process smoke run sets up every row in the same one.
        if (!_sizesPrinted)
            await PrintRecordSizesAsync();
        _sizesPrinted = true;
    }

    private IEnumerable<(string Name, IServiceProvider Services, IActivity Root)> Workflows()
    {
        foreach (var (prefix, container) in new (string, Func<IActivity[], IActivity>)[] { ("flow", Chart), ("seq", activities => new Sequence { Activities = activities }) })
        {
            var flow = prefix == "flow";
            yield return ($"{prefix}-http-js", _services, container([Http(flow), new RunJavaScript { Id = ExtractId, Script = new(ExtractScript) }]));
            yield return ($"{prefix}-http", _services, container([Http(flow)]));
            yield return ($"{prefix}-create", _services, container([Create("json", stream: false)]));
            yield return ($"{prefix}-create-stream", _services, container([Create("sse", stream: true)]));
            yield return ($"{prefix}-create-keep", _keepAll, container([Create("json", stream: false)]));
            yield return ($"{prefix}-empty", _services, container([]));
        }
    }

    // A flowchart of the activities in a row; the HTTP task goes on by its 200 outcome, as a designer would connect it.
    private static Flowchart Chart(IActivity[] activities)
    {
        var connections = activities.Zip(activities.Skip(1), (from, to) => new Connection(new Endpoint(from, from is FlowSendHttpRequest ? "200" : "Done"), new Endpoint(to))).ToList();
        return new Flowchart { Activities = activities, Connections = connections };
    }

    private static SendHttpRequestBase Http(bool flowchart)
    {
        SendHttpRequestBase http = flowchart ? new FlowSendHttpRequest { ExpectedStatusCodes = new([200]) } : new SendHttpRequest();
        http.Id = CallId;
        http.Url = new(Clients.ResponsesUri);
        http.Method = new("POST");
        http.ContentType = new("application/json");
        http.Content = new((object?)RequestJson);
        http.Authorization = new(Authorization);
        return http;
    }

    private static CreateResponse Create(string connection, bool stream) => new()
    {
        Id = CallId,
        Connection = new(connection),
        Model = new(Clients.Model),
        Input = new(Clients.Prompt),
        Stream = new(stream),
    };

    // Every row must do its whole job: a run that failed, took another outcome or extracted nothing measures something else.
    private async Task CheckAsync(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var expected = document.RootElement.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString();
        var totalTokens = document.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32();

        foreach (var (name, run) in new (string, Func<Task<object?>>)[]
                 {
                     ("flowchart Create Response", FlowchartCreateResponse), ("flowchart Create Response, streamed", FlowchartCreateResponseStreamed),
                     ("flowchart Create Response, keep all", FlowchartCreateResponseKeepAll), ("sequence Create Response", SequenceCreateResponse),
                     ("sequence Create Response, streamed", SequenceCreateResponseStreamed), ("sequence Create Response, keep all", SequenceCreateResponseKeepAll),
                 })
        {
            // The recorded stream is a different response from the recorded body; both answer the same prompt the same way.
            if (await run() as string != expected)
                throw new InvalidOperationException($"http baseline: {name} did not give '{expected}'.");
        }

        foreach (var (name, run) in new (string, Func<Task<object?>>)[] { ("flowchart", FlowchartHttpAndScript), ("sequence", SequenceHttpAndScript) })
        {
            var extracted = await run() as IDictionary<string, object?>;
            if (extracted is null || extracted["text"] as string != expected || Convert.ToInt32(extracted["totalTokens"]) != totalTokens)
                throw new InvalidOperationException($"http baseline: the {name} HTTP task + JavaScript extracted {Describe(extracted)}, not '{expected}' and {totalTokens} tokens.");
        }

        foreach (var (name, run) in new (string, Func<Task<object?>>)[] { ("flowchart", FlowchartHttp), ("sequence", SequenceHttp) })
            if (await run() is not 200)
                throw new InvalidOperationException($"http baseline: the {name} HTTP task alone did not answer 200.");

        foreach (var run in new Func<Task<object?>>[] { FlowchartEmpty, SequenceEmpty })
            if (await run() is not WorkflowStatus.Finished)
                throw new InvalidOperationException("http baseline: an empty workflow did not finish.");
    }

    private static string Describe(IDictionary<string, object?>? values) =>
        values is null ? "nothing" : string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"));

    // The size of each activity's execution record as a store writes it (its serialized snapshot, as
    // PersistedStateSizeTests measures), for one run of each workflow.
    private async Task PrintRecordSizesAsync()
    {
        foreach (var (name, services, _) in Workflows())
        {
            var runner = services.GetRequiredService<IWorkflowRunner>();
            var result = await runner.RunAsync(_graphs[name]);
            var records = await services.GetRequiredService<IActivityExecutionStore>()
                .FindManyAsync(new ActivityExecutionRecordFilter { WorkflowInstanceId = result.WorkflowState.Id });
            var sizes = new StringBuilder();
            foreach (var record in records.OrderBy(r => r.StartedAt))
                sizes.Append($" {record.ActivityId}({(record.ActivityType ?? "").Split('.')[^1]})={JsonSerializer.Serialize(record.SerializedSnapshot).Length:N0}");
            Console.WriteLine($"// record sizes, {name}:{sizes}");
        }
    }

    // AddElsa + UseResponses (two connections: a JSON body and an event stream) + UseHttp + UseJavaScript; the HTTP task's
    // named HttpClient and each connection's HttpClient have a replay handler as their primary handler.
    private static async Task<ServiceProvider> StartElsaAsync(byte[] json, byte[] sse, bool keepAll)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        // Elsa.Http's resilience support reads strategies from configuration; a web host registers one, this host does not.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddElsa(elsa =>
        {
            elsa.UseJavaScript();
            elsa.UseHttp(http => http.HttpClientBuilder = builder => builder.ConfigurePrimaryHttpMessageHandler(() => ReplayHandler.Json(json)));
            elsa.UseResponses(responses =>
            {
                responses.PersistRawResponse = keepAll;
                responses.PersistConversation = keepAll;
                foreach (var name in new[] { "json", "sse" })
                    responses.AddConnection(name, connection =>
                    {
                        connection.BaseUrl = Clients.BaseUrl;
                        connection.ApiKey = "sk-benchmark";
                    });
            });
        });
        services.AddHttpClient(ResponsesClientFactory.HttpClientName("json")).ConfigurePrimaryHttpMessageHandler(() => ReplayHandler.Json(json));
        services.AddHttpClient(ResponsesClientFactory.HttpClientName("sse")).ConfigurePrimaryHttpMessageHandler(() => ReplayHandler.EventStream(sse));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IRegistriesPopulator>().PopulateAsync();
        return provider;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new MedianDeltaColumn());
    }
}
