using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Common.Models;
using Elsa.Responses.Features;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Filters;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Entities;
using Elsa.Workflows.Runtime.Filters;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Workflows;

/// <summary>
/// Issue 8 §4, persisted state: a tool loop that runs Create Response again with each Conversation must not make what
/// Elsa persists grow quadratically. Runs a flowchart loop (Workflows/Definitions/tool-loop-repeat.json, the sample tool
/// loop as a cycle) 1, 5 and 20 times through Elsa's runtime, and measures the workflow state (IWorkflowStateSerializer),
/// the activity execution records (their serialized snapshots, what a store writes) and the execution log.
/// </summary>
public sealed class PersistedStateSizeTests(ITestOutputHelper output)
{
    private static readonly string LoopDefinition = Path.Combine(AppContext.BaseDirectory, "Workflows", "Definitions", "tool-loop-repeat.json");

    [Fact]
    public async Task Persisted_state_of_a_tool_loop_grows_linearly_with_its_iterations()
    {
        var sizes = new Dictionary<int, LoopSize>();
        foreach (var iterations in new[] { 1, 5, 20 })
        {
            sizes[iterations] = await MeasureLoopAsync(iterations);
            output.WriteLine($"N={iterations}: {sizes[iterations]}");
        }

        AssertLinear("workflow state", sizes, s => s.WorkflowState);
        AssertLinear("Create Response execution records", sizes, s => s.CreateResponseRecords);
        AssertLinear("execution log", sizes, s => s.ExecutionLog);
        AssertLinear("whole of what Elsa persisted", sizes, s => s.Total);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Records_keep_a_text_prompt_and_leave_out_an_item_list_Input_the_Conversation_and_the_raw_Response_unless_told_to_keep_them(bool persist)
    {
        var (_, records) = await RunLoopAsync(2, responses =>
        {
            responses.PersistConversation = persist;
            responses.PersistRawResponse = persist;
        });

        var calls = records.Where(r => r.ActivityId == "ask").OrderBy(r => r.StartedAt).ToList();
        Assert.Equal(3, calls.Count);
        // The first turn's Input is the text prompt: kept.
        Assert.Equal("What is the weather in these cities, one at a time?", calls[0].ActivityState!["Input"]?.ToString());
        // Later turns send the conversation so far as a list of items.
        Assert.All(calls.Skip(1), call => Assert.Equal(persist, call.ActivityState!.ContainsKey("Input")));
        foreach (var call in calls)
        {
            Assert.Equal(persist, call.Outputs!.ContainsKey("Conversation"));
            Assert.Equal(persist, call.Outputs.ContainsKey("Response"));
            Assert.Contains("ToolCalls", call.Outputs.Keys);
            Assert.Contains("Text", call.Outputs.Keys);
            Assert.Contains("Usage", call.Outputs.Keys);
        }
    }

    // Growth is linear when the cost of one more iteration stays flat: the mean increment from 5 to 20 iterations is at
    // most 1.25 times the one from 1 to 5. Quadratic growth (every record holding the whole conversation) makes it about 4.
    private static void AssertLinear(string what, IReadOnlyDictionary<int, LoopSize> sizes, Func<LoopSize, long> measure)
    {
        var early = (measure(sizes[5]) - measure(sizes[1])) / 4.0;
        var late = (measure(sizes[20]) - measure(sizes[5])) / 15.0;
        Assert.True(late <= 1.25 * Math.Max(early, 1),
            $"The {what} grows by {early:F0} bytes per iteration from 1 to 5 iterations, and by {late:F0} from 5 to 20 " +
            $"({measure(sizes[1])}, {measure(sizes[5])}, {measure(sizes[20])} bytes): not linear.");
    }

    private async Task<LoopSize> MeasureLoopAsync(int iterations)
    {
        var (host, records) = await RunLoopAsync(iterations);
        var services = host.Services;
        var state = await services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(new WorkflowInstanceFilter { Id = records[0].WorkflowInstanceId });
        Assert.NotNull(state);
        var log = await services.GetRequiredService<IWorkflowExecutionLogStore>()
            .FindManyAsync(new WorkflowExecutionLogRecordFilter { WorkflowInstanceId = state.Id }, PageArgs.All);
        var payloadSerializer = services.GetRequiredService<IPayloadSerializer>();

        return new LoopSize(
            services.GetRequiredService<IWorkflowStateSerializer>().Serialize(state.WorkflowState).Length,
            records.Where(r => r.ActivityId == "ask").Sum(Size),
            records.Where(r => r.ActivityId != "ask").Sum(Size),
            log.Items.Sum(r => (long)payloadSerializer.Serialize(r).Length));
    }

    private async Task<(ElsaTestHost Host, IReadOnlyList<ActivityExecutionRecord> Records)> RunLoopAsync(int iterations, Action<ResponsesFeature>? configure = null)
    {
        using var server = FakeResponsesServer.Start();
        var calls = 0;
        server.Server.Given(Request.Create().WithPath("/v1/responses").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                // A loop that does not move on (the same input again) ends with a failed response instead of running forever.
                .WithBody(request => Interlocked.Increment(ref calls) > iterations + 1
                    ? ResponseBodies.Failed("The loop ran more often than it should.")
                    : Answer(JsonNode.Parse(request.Body!)!.AsObject(), iterations)));
        var host = await ElsaTestHost.StartAsync(output, server.BaseUrl, configure);

        var definition = await host.ImportAsync(LoopDefinition);
        var state = await host.Services.RunWorkflowUntilEndAsync(definition.DefinitionId);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal([$"Answered after {iterations} tool calls."], host.Console.Lines);
        Assert.Equal(iterations + 1, server.ResponseRequests.Count);
        Assert.Equal(2 * iterations + 1, server.ResponseRequests[^1].GetProperty("input").GetArrayLength());

        var records = (await host.Services.GetRequiredService<IActivityExecutionStore>()
            .FindManyAsync(new ActivityExecutionRecordFilter { WorkflowInstanceId = state.Id })).ToList();
        Assert.Equal(iterations + 1, records.Count(r => r.ActivityId == "ask"));
        return (host, records);
    }

    // What a store writes for one record: its serialized snapshot (inputs, outputs, journal payload, properties).
    private static long Size(ActivityExecutionRecord record) => JsonSerializer.Serialize(record.SerializedSnapshot).Length;

    // Tool calls until the request answers `iterations` of them, then a message. Like OpenAI, each response object echoes
    // the request's instructions, tools and tool_choice, but never its input.
    private static string Answer(JsonObject request, int iterations)
    {
        var answered = request["input"] is JsonArray items ? items.Count(i => (string?)i?["type"] == "function_call_output") : 0;
        var extra = new JsonObject
        {
            ["instructions"] = request["instructions"]?.DeepClone(),
            ["tools"] = request["tools"]?.DeepClone(),
            ["tool_choice"] = request["tool_choice"]?.DeepClone(),
        };
        var next = answered + 1;
        var output = answered < iterations
            ? new JsonArray(ResponseBodies.FunctionCall($"call_{next}", "get_weather", $$"""{"city":"City {{next}}"}""", id: $"fc_{next}"))
            : new JsonArray(ResponseBodies.Message($"Answered after {iterations} tool calls.", id: $"msg_{next}"));
        return ResponseBodies.ResponseObject($"resp_{next}", "completed", output, ResponseBodies.Usage(input: 100 + 40 * answered, output: 20, cached: 0, reasoning: 0), extra).ToJsonString();
    }

    private sealed record LoopSize(long WorkflowState, long CreateResponseRecords, long OtherRecords, long ExecutionLog)
    {
        public long Total => WorkflowState + CreateResponseRecords + OtherRecords + ExecutionLog;

        public override string ToString() =>
            $"workflow state {WorkflowState} B, Create Response records {CreateResponseRecords} B, other records {OtherRecords} B, execution log {ExecutionLog} B, total {Total} B";
    }
}
