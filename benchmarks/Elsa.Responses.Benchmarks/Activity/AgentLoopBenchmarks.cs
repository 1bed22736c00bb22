using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Elsa.Common.Models;
using Elsa.Extensions;
using Elsa.Responses.Activities;
using Elsa.Responses.Benchmarks.Infrastructure;
using Elsa.Responses.Client.Agents;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Transport;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Models;
using Elsa.Workflows.Models;
using Elsa.Workflows.Options;
using Elsa.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Benchmarks.Activity;

/// <summary>
/// Run Agent's own cost per model call. The replayed model asks for a trivial published tool workflow (one SetOutput of
/// a literal) on each of the first <see cref="Turns"/> - 1 calls and answers on the last; the baseline makes the same
/// calls, with the same bodies and the same tool definition, as that many Create Response activities in one Sequence.
/// Every row is per model call (OperationsPerInvoke), so the Run Agent row's difference from its baseline is the loop's
/// overhead per iteration: its state, the growing conversation, argument binding, the child workflow run, the journal.
/// </summary>
[Config(typeof(Columns))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class AgentLoopBenchmarks
{
    /// <summary>Model calls per run: three that ask for the tool, and the answer.</summary>
    public const int Turns = 4;

    private const string Loop = "4 model calls, 3 tool runs";
    private const string Single = "1 model call, no tool";
    private const string ActivityId = "call";
    private const string ToolDefinitionId = "bench-tool-get-weather";
    private const string ToolName = "get_weather";
    private const string ToolOutput = "Sunny and 21 degrees.";

    private ServiceProvider _services = null!;
    private ServiceProvider _cached = null!;
    private IWorkflowRunner _cachedRunner = null!;
    private WorkflowGraph _cachedAgentLoop = null!;
    private IWorkflowRunner _runner = null!;
    private WorkflowGraph _agentLoop = null!;
    private WorkflowGraph _createSequence = null!;
    private WorkflowGraph _agentAnswer = null!;
    private WorkflowGraph _createOne = null!;
    private WorkflowGraph _tool = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _cached.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Turns, Description = "Create Response ×4 in a Sequence, per call")]
    [BenchmarkCategory(Loop)]
    public async Task<string?> CreateResponseSequence() => TextOf(await _runner.RunAsync(_createSequence), ActivityId + (Turns - 1));

    [Benchmark(OperationsPerInvoke = Turns, Description = "Run Agent, 4 turns, per turn")]
    [BenchmarkCategory(Loop)]
    public async Task<string?> RunAgentLoop() => TextOf(await _runner.RunAsync(_agentLoop), ActivityId);

    /// <summary>The same run on a host with Elsa's workflow definition cache (<c>UseWorkflowManagement(m => m.UseCache())</c>).</summary>
    [Benchmark(OperationsPerInvoke = Turns, Description = "Run Agent, 4 turns, per turn, definition cache on")]
    [BenchmarkCategory(Loop)]
    public async Task<string?> RunAgentLoopCached() => TextOf(await _cachedRunner.RunAsync(_cachedAgentLoop), ActivityId);

    [Benchmark(Baseline = true, Description = "Create Response")]
    [BenchmarkCategory(Single)]
    public async Task<string?> CreateResponseOnce() => TextOf(await _runner.RunAsync(_createOne), ActivityId);

    [Benchmark(Description = "Run Agent, answers at once")]
    [BenchmarkCategory(Single)]
    public async Task<string?> RunAgentAnswer() => TextOf(await _runner.RunAsync(_agentAnswer), ActivityId);

    /// <summary>What a tool run costs Elsa alone: the trivial tool workflow invoked as the agent invokes it, in a scope of its own.</summary>
    [Benchmark(Description = "Tool workflow alone (IWorkflowInvoker)")]
    [BenchmarkCategory(Single)]
    public async Task<object?> ToolWorkflowAlone()
    {
        await using var scope = _services.CreateAsyncScope();
        var options = new RunWorkflowOptions { Input = new Dictionary<string, object> { ["city"] = "Amsterdam" } };
        var result = await scope.ServiceProvider.GetRequiredService<IWorkflowInvoker>().InvokeAsync(_tool, options);
        return result.WorkflowState.Output.TryGetValue("forecast", out var forecast) ? forecast : null;
    }

    private static string? TextOf(RunWorkflowResult result, string activityId) =>
        result.WorkflowState.Status == WorkflowStatus.Finished
            ? result.WorkflowExecutionContext.GetActivityOutputRegister().FindOutputByActivityId(activityId, nameof(CreateResponse.Text)) as string
            : null;

    private async Task SetupAsync()
    {
        var answer = Fixtures.Load(
            "charmbracelet-fantasy/extracted/TestOpenAIResponsesCommon/openai-gpt-4o/simple.00.response.json",
            () => SyntheticData.LargeResponse(textBytes: 200, toolCalls: 0));
        var turns = Enumerable.Range(1, Turns - 1).Select(i => ToolCallBody(answer.Bytes, i)).Append(answer.Bytes).ToList();
        Console.WriteLine($"// agent loop: answer {answer.Bytes.Length:N0} bytes ({answer.Source}); tool calls {turns[0].Length:N0} bytes each, the answer's envelope with one function_call");
        _services = await StartElsaAsync(new TurnReplayHandler(turns), answer.Bytes, definitionCache: false);
        _cached = await StartElsaAsync(new TurnReplayHandler(turns), answer.Bytes, definitionCache: true);

        _tool = await _services.GetRequiredService<IWorkflowDefinitionService>().FindWorkflowGraphAsync(ToolDefinitionId, VersionOptions.Published)
            ?? throw new InvalidOperationException("agent loop: the tool workflow was not published.");
        // The tool as the agent describes it, so that Create Response sends the same definition.
        var toolsJson = "[" + ResponseTool.Function(ToolName, _tool.Workflow.WorkflowMetadata.Description,
            ToolParameterSchema.For([new ToolParameter("city", typeof(string), "The city name.")])).Json.GetRawText() + "]";

        var graphs = _services.GetRequiredService<IWorkflowGraphBuilder>();
        _agentLoop = await graphs.BuildAsync(new Workflow { Root = Agent("turns", [ToolDefinitionId]) });
        _agentAnswer = await graphs.BuildAsync(new Workflow { Root = Agent("answer", []) });
        _createOne = await graphs.BuildAsync(new Workflow { Root = Create(ActivityId, "answer", null) });
        _createSequence = await graphs.BuildAsync(new Workflow
        {
            Root = new Sequence { Activities = Enumerable.Range(0, Turns).Select(i => (IActivity)Create(ActivityId + i, "turns", toolsJson)).ToList() },
        });
        _runner = _services.GetRequiredService<IWorkflowRunner>();
        _cachedAgentLoop = await _cached.GetRequiredService<IWorkflowGraphBuilder>().BuildAsync(new Workflow { Root = Agent("turns", [ToolDefinitionId]) });
        _cachedRunner = _cached.GetRequiredService<IWorkflowRunner>();

        await CheckAsync(answer.Bytes);
    }

    // Each run must end with the answer's text: a run that took another path (a failed turn, a tool that did not run)
    // would be measuring something else.
    private async Task CheckAsync(byte[] answer)
    {
        var expected = JsonNode.Parse(answer)!["output"]![0]!["content"]![0]!["text"]!.GetValue<string>();
        foreach (var (name, text) in new[]
                 {
                     ("Create Response ×4", await CreateResponseSequence()),
                     ("Create Response", await CreateResponseOnce()),
                     ("Run Agent, answers at once", await RunAgentAnswer()),
                 })
        {
            if (text != expected)
                throw new InvalidOperationException($"agent loop: {name} gave '{text}', not '{expected}'.");
        }

        var run = await _runner.RunAsync(_agentLoop);
        var outputs = run.WorkflowExecutionContext.GetActivityOutputRegister();
        var iterations = outputs.FindOutputByActivityId(ActivityId, nameof(RunAgent.Iterations));
        var steps = outputs.FindOutputByActivityId(ActivityId, nameof(RunAgent.Steps)) as IEnumerable<AgentStep> ?? [];
        var completed = steps.Count(s => s.Status == AgentStepStatus.Completed && s.Output?.Contains(ToolOutput) == true);
        if (TextOf(run, ActivityId) != expected || iterations is not Turns || completed != Turns - 1)
            throw new InvalidOperationException($"agent loop: Run Agent made {iterations} calls and {completed} completed tool runs, not {Turns} and {Turns - 1}: "
                + string.Join("; ", steps.Select(s => $"{s.Status} {s.Output}")));
        if (await RunAgentLoopCached() != expected)
            throw new InvalidOperationException("agent loop: Run Agent with the definition cache did not end with the answer.");
        if (await ToolWorkflowAlone() as string != ToolOutput)
            throw new InvalidOperationException("agent loop: the tool workflow did not set its output.");
    }

    private static RunAgent Agent(string connection, ICollection<string> toolWorkflows) => new()
    {
        Id = ActivityId,
        Connection = new(connection),
        Model = new(Clients.Model),
        Input = new(Clients.Prompt),
        ToolWorkflows = new(toolWorkflows),
    };

    private static CreateResponse Create(string id, string connection, string? toolsJson) => new()
    {
        Id = id,
        Connection = new(connection),
        Model = new(Clients.Model),
        Input = new(Clients.Prompt),
        Tools = new((object?)toolsJson),
    };

    // The recorded answer's envelope with its output replaced by one function call, so that only the output differs.
    private static byte[] ToolCallBody(byte[] answer, int turn)
    {
        var body = JsonNode.Parse(answer)!.AsObject();
        body["id"] = $"resp_tool_{turn}";
        body["output"] = new JsonArray(new JsonObject
        {
            ["id"] = $"fc_{turn}",
            ["type"] = "function_call",
            ["status"] = "completed",
            ["arguments"] = """{"city":"Amsterdam"}""",
            ["call_id"] = $"call_{turn}",
            ["name"] = ToolName,
        });
        return System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    // AddElsa + UseResponses with two connections on replay handlers, and the tool workflow published.
    private static async Task<ServiceProvider> StartElsaAsync(TurnReplayHandler turns, byte[] answer, bool definitionCache)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddElsa(elsa =>
        {
            if (definitionCache)
                elsa.UseWorkflowManagement(management => management.UseCache());
            elsa.UseResponses(responses =>
            {
                foreach (var name in new[] { "turns", "answer" })
                    responses.AddConnection(name, connection =>
                    {
                        connection.BaseUrl = Clients.BaseUrl;
                        connection.ApiKey = "sk-benchmark";
                    });
            });
        });
        services.AddHttpClient(ResponsesClientFactory.HttpClientName("turns")).ConfigurePrimaryHttpMessageHandler(() => turns);
        services.AddHttpClient(ResponsesClientFactory.HttpClientName("answer")).ConfigurePrimaryHttpMessageHandler(() => ReplayHandler.Json(answer));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IRegistriesPopulator>().PopulateAsync();
        await PublishToolAsync(provider);
        return provider;
    }

    // The tool: one String input, one SetOutput of a literal, published as Studio's import and Publish would.
    private static async Task PublishToolAsync(IServiceProvider services)
    {
        var json = $$"""
            {
              "id": "{{ToolDefinitionId}}-v1", "definitionId": "{{ToolDefinitionId}}", "name": "Get weather",
              "description": "Get the weather forecast for a city.", "version": 1, "toolVersion": "3.7.1.0",
              "variables": [], "outcomes": [], "isLatest": true, "isPublished": true,
              "inputs": [{ "type": "String", "name": "city", "displayName": "City", "description": "The city name.", "isArray": false,
                           "storageDriverType": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" }],
              "outputs": [{ "type": "String", "name": "forecast", "displayName": "Forecast", "isArray": false }],
              "root": {
                "id": "tool-flowchart", "nodeId": "Workflow1:tool-flowchart", "type": "Elsa.Flowchart", "version": 1,
                "activities": [{
                  "id": "set-forecast", "nodeId": "Workflow1:tool-flowchart:set-forecast", "type": "Elsa.SetOutput", "version": 1,
                  "outputName": { "typeName": "String", "expression": { "type": "Literal", "value": "forecast" } },
                  "outputValue": { "typeName": "Object", "expression": { "type": "Literal", "value": "{{ToolOutput}}" } }
                }],
                "connections": []
              }
            }
            """;
        var model = services.GetRequiredService<IApiSerializer>().Deserialize<WorkflowDefinitionModel>(json);
        var imported = await services.GetRequiredService<IWorkflowDefinitionImporter>().ImportAsync(new SaveWorkflowDefinitionRequest { Model = model, Publish = false });
        if (!imported.Succeeded)
            throw new InvalidOperationException("agent loop: the tool workflow did not import: " + string.Join("; ", imported.ValidationErrors.Select(e => e.Message)));
        var published = await services.GetRequiredService<IWorkflowDefinitionPublisher>().PublishAsync(imported.WorkflowDefinition);
        if (!published.Succeeded)
            throw new InvalidOperationException("agent loop: the tool workflow did not publish: " + string.Join("; ", published.ValidationErrors.Select(e => e.Message)));
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new MedianDeltaColumn());
    }
}
