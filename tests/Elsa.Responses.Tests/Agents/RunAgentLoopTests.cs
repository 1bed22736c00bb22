using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Tests.TestSupport;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Agents;

/// <summary>
/// Issue 10: Run Agent's loop on real Elsa 3.7.1 against a loopback model server. Tool workflows are the published
/// samples/workflows/tools/get-weather.json (inputs: city; outputs: forecast, "Sunny and 21 °C in {city} today.") and
/// test definitions. Expectations follow the Responses protocol: a function_call item and a function_call_output with
/// the same call_id in the next request.
/// </summary>
public sealed class RunAgentLoopTests(ITestOutputHelper output) : IDisposable
{
    private const string Weather = "responses-tool-get-weather";

    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Two_turn_loop_sends_the_call_and_the_child_workflows_output_with_the_same_call_id()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}"""),
            ResponseBodies.Completed("It is sunny in Amsterdam.", id: "resp_final"));
        var host = await StartAsync();

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-two-turns", AgentWorkflow.Inputs("Weather in Amsterdam?", Weather)));

        Assert.Equal(["Done"], run.Outcomes);
        Assert.Equal("It is sunny in Amsterdam.", run.Output("Text").GetString());
        Assert.Equal("resp_final", run.Output("ResponseId").GetString());
        Assert.Equal(2, run.Output("Iterations").GetInt32());
        // ToolCall usage is 80 + 20, Completed's 42 + 17.
        Assert.Equal(100 + 59, run.Output("Usage").GetProperty("TotalTokens").GetInt64());

        var requests = _server.ResponseRequests;
        Assert.Equal(2, requests.Count);
        // No Output schema was set: the designer's example schema is a template, never sent.
        Assert.All(requests, r => Assert.False(r.TryGetProperty("text", out _)));
        var tool = Assert.Single(requests[0].GetProperty("tools").EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("get_weather", tool.GetProperty("name").GetString());
        Assert.Equal("Get the weather forecast for a city.", tool.GetProperty("description").GetString());

        var second = requests[1].GetProperty("input").EnumerateArray().ToList();
        Assert.Equal("user", second[0].GetProperty("role").GetString());
        var call = Assert.Single(second, i => i.GetProperty("type").GetString() == "function_call");
        Assert.Equal("call_ams", call.GetProperty("call_id").GetString());
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        var result = Assert.Single(second, i => i.GetProperty("type").GetString() == "function_call_output");
        Assert.Equal("call_ams", result.GetProperty("call_id").GetString());
        var forecast = JsonDocument.Parse(result.GetProperty("output").GetString()!).RootElement;
        Assert.Equal("Sunny and 21 °C in Amsterdam today.", forecast.GetProperty("forecast").GetString());
        Assert.True(second.IndexOf(call) < second.IndexOf(result), "The output follows its call.");

        var step = Assert.Single(run.Steps);
        Assert.Equal("call_ams", step.GetProperty("CallId").GetString());
        Assert.Equal("get_weather", step.GetProperty("ToolName").GetString());
        Assert.Equal("""{"city":"Amsterdam"}""", step.GetProperty("Arguments").GetString());
        Assert.Equal("Completed", step.GetProperty("Status").GetString());
        Assert.Equal(result.GetProperty("output").GetString(), step.GetProperty("Output").GetString());
        Assert.False(string.IsNullOrEmpty(step.GetProperty("WorkflowInstanceId").GetString()));
    }

    [Fact]
    public async Task The_counts_of_a_run_are_recorded_among_its_outputs_and_not_again_in_its_journal()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}"""),
            ResponseBodies.Completed("It is sunny in Amsterdam."));
        var host = await StartAsync();

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-journal", AgentWorkflow.Inputs("Weather in Amsterdam?", Weather)));

        Assert.Equal(["Done"], run.Outcomes);
        Assert.Equal(2, run.Output("Iterations").GetInt32());
        Assert.Single(run.Steps);
        Assert.Equal(100 + 59, run.Output("Usage").GetProperty("TotalTokens").GetInt64());
        var journal = run.Record.Payload!;
        Assert.False(journal.ContainsKey("Iterations"));
        Assert.False(journal.ContainsKey("ToolRuns"));
        Assert.False(journal.ContainsKey("TotalTokens"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_calls_in_one_turn_each_get_their_own_output_in_call_order(bool parallel)
    {
        var twoCalls = ResponseBodies.ResponseObject("resp_two", "completed", new JsonArray(
            ResponseBodies.FunctionCall("call_ams", "get_weather", """{"city":"Amsterdam"}""", id: "fc_1"),
            ResponseBodies.FunctionCall("call_par", "get_weather", """{"city":"Paris"}""", id: "fc_2")), ResponseBodies.Usage()).ToJsonString();
        _server.RespondInTurns(twoCalls, ResponseBodies.Completed("Sunny in both."));
        var host = await StartAsync();
        var inputs = AgentWorkflow.Inputs("Weather in Amsterdam and Paris?", Weather);
        inputs["parallelToolCalls"] = AgentWorkflow.Literal("Boolean", parallel ? "true" : "false");

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json($"agent-two-calls-{parallel}", inputs));

        Assert.Equal(["Done"], run.Outcomes);
        var outputs = _server.ResponseRequests[1].GetProperty("input").EnumerateArray()
            .Where(i => i.GetProperty("type").GetString() == "function_call_output")
            .Select(i => (CallId: i.GetProperty("call_id").GetString(), Forecast: ForecastOf(i)))
            .ToList();
        Assert.Equal([("call_ams", "Sunny and 21 °C in Amsterdam today."), ("call_par", "Sunny and 21 °C in Paris today.")], outputs);
        Assert.Equal(["Completed", "Completed"], run.Steps.Select(s => s.GetProperty("Status").GetString()));
        var children = run.Steps.Select(s => s.GetProperty("WorkflowInstanceId").GetString()).ToList();
        Assert.Equal(2, children.Distinct().Count());
    }

    [Fact]
    public async Task Bad_arguments_are_not_run_the_model_reads_why_and_a_corrected_call_succeeds()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_bad", "get_weather", """{"town":"Amsterdam"}""", id: "resp_1"),
            ResponseBodies.ToolCall("call_good", "get_weather", """{"city":"Amsterdam"}""", id: "resp_2"),
            ResponseBodies.Completed("Sunny in Amsterdam.", id: "resp_3"));
        var host = await StartAsync();

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-bad-arguments", AgentWorkflow.Inputs("Weather?", Weather)));

        Assert.Equal(["Done"], run.Outcomes);
        Assert.Equal(3, _server.ResponseRequests.Count);
        var message = ErrorFor(_server.ResponseRequests[1], "call_bad");
        Assert.Contains("'town' is not an argument of this tool (expected: city)", message);
        Assert.Equal("Sunny and 21 °C in Amsterdam today.", JsonDocument.Parse(OutputFor(_server.ResponseRequests[2], "call_good")).RootElement.GetProperty("forecast").GetString());
        Assert.Equal(["InvalidArguments", "Completed"], run.Steps.Select(s => s.GetProperty("Status").GetString()));
        Assert.Equal(JsonValueKind.Null, run.Steps[0].GetProperty("WorkflowInstanceId").ValueKind);
    }

    [Fact]
    public async Task A_faulted_tool_three_times_in_a_row_ends_the_run_with_Failed()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_1", "check_inventory", """{"sku":"A-1"}""", id: "resp_1"),
            ResponseBodies.ToolCall("call_2", "check_inventory", """{"sku":"A-1"}""", id: "resp_2"),
            ResponseBodies.ToolCall("call_3", "check_inventory", """{"sku":"A-1"}""", id: "resp_3"),
            ResponseBodies.Completed("never reached", id: "resp_4"));
        var host = await StartAsync("tool-faulty.json");

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-faulty", AgentWorkflow.Inputs("Stock of A-1?", "test-tool-faulty")));

        Assert.Equal(["Failed"], run.Outcomes);
        Assert.Equal(3, _server.ResponseRequests.Count);
        Assert.Equal(3, run.Output("Iterations").GetInt32());
        Assert.Equal(["Faulted", "Faulted", "Faulted"], run.Steps.Select(s => s.GetProperty("Status").GetString()));
        Assert.Contains("inventory service unavailable", ErrorFor(_server.ResponseRequests[1], "call_1"));
        var error = run.Output("Error");
        Assert.Equal("tool_error", error.GetProperty("Type").GetString());
        Assert.Contains("3 times in a row", error.GetProperty("Message").GetString());
        Assert.Equal("failed", run.Output("Status").GetString());
    }

    [Fact]
    public async Task Max_iterations_ends_with_its_own_outcome_and_keeps_the_partial_run()
    {
        _server.RespondInTurns(ResponseBodies.ToolCall("call_again", "get_weather", """{"city":"Amsterdam"}"""));
        // The Conversation output is read back from the journal: keep it there.
        var host = await StartAsync(responses => responses.PersistConversation = true);
        var inputs = AgentWorkflow.Inputs("Weather?", Weather);
        inputs["maxIterations"] = AgentWorkflow.Literal("Int32", "2");

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-max-iterations", inputs));

        Assert.Equal(["Max iterations"], run.Outcomes);
        Assert.Equal(2, _server.ResponseRequests.Count);
        Assert.Equal(2, run.Output("Iterations").GetInt32());
        Assert.Equal(2, run.Steps.Count);
        Assert.Equal(200, run.Output("Usage").GetProperty("TotalTokens").GetInt64());
        // The conversation holds the prompt, then a call and its output per turn.
        var conversation = JsonDocument.Parse(run.Output("Conversation").GetString()!).RootElement.EnumerateArray().Select(i => i.TryGetProperty("type", out var t) ? t.GetString() : "message").ToList();
        Assert.Equal(["message", "function_call", "function_call_output", "function_call", "function_call_output"], conversation);
    }

    [Fact]
    public async Task A_call_that_would_pass_the_token_budget_is_not_made()
    {
        // The first call costs 100 tokens; the second resends all of it, so it would cost more than 100: 100 + 100 > 150.
        _server.RespondInTurns(ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}"""), ResponseBodies.Completed("Sunny."));
        var host = await StartAsync();
        var inputs = AgentWorkflow.Inputs("Weather?", Weather);
        inputs["maxTotalTokens"] = AgentWorkflow.Literal("Int64", "150");

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-budget", inputs));

        Assert.Equal(["Budget exceeded"], run.Outcomes);
        Assert.Single(_server.ResponseRequests);
        Assert.Equal(100, run.Output("Usage").GetProperty("TotalTokens").GetInt64());
        Assert.Equal("Completed", Assert.Single(run.Steps).GetProperty("Status").GetString());
    }

    [Fact]
    public async Task A_budget_the_next_call_fits_in_lets_the_loop_finish()
    {
        _server.RespondInTurns(ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}"""), ResponseBodies.Completed("Sunny."));
        var host = await StartAsync();
        var inputs = AgentWorkflow.Inputs("Weather?", Weather);
        inputs["maxTotalTokens"] = AgentWorkflow.Literal("Int64", "200");

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-budget-fits", inputs));

        Assert.Equal(["Done"], run.Outcomes);
        Assert.Equal(2, _server.ResponseRequests.Count);
    }

    [Fact]
    public async Task A_call_to_a_json_tool_ends_with_Tool_calls_for_the_workflow_to_answer()
    {
        _server.RespondInTurns(ResponseBodies.ToolCall("call_order", "lookup_order", """{"id":"1234"}"""));
        var host = await StartAsync();
        var inputs = AgentWorkflow.Inputs("Where is order 1234?", Weather);
        inputs["tools"] = AgentWorkflow.Literal("Object", """[{"type":"function","name":"lookup_order","description":"Find an order.","parameters":{"type":"object","properties":{"id":{"type":"string"}}}}]""");

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-external-tool", inputs));

        Assert.Equal(["Tool calls"], run.Outcomes);
        Assert.Equal(["get_weather", "lookup_order"], _server.ResponseRequests[0].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var call = Assert.Single(run.Output("ToolCalls").EnumerateArray());
        Assert.Equal("call_order", call.GetProperty("CallId").GetString());
        Assert.Equal("lookup_order", call.GetProperty("Name").GetString());
        Assert.Empty(run.Steps);
    }

    [Fact]
    public async Task A_call_to_a_tool_that_was_not_offered_tells_the_model_so()
    {
        _server.RespondInTurns(ResponseBodies.ToolCall("call_x", "send_email", "{}"), ResponseBodies.Completed("Sorry."));
        var host = await StartAsync();

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-unknown-tool", AgentWorkflow.Inputs("Mail me.", Weather)));

        Assert.Equal(["Done"], run.Outcomes);
        Assert.Contains("There is no tool named 'send_email'", ErrorFor(_server.ResponseRequests[1], "call_x"));
        Assert.Equal("UnknownTool", Assert.Single(run.Steps).GetProperty("Status").GetString());
    }

    [Fact]
    public async Task A_missing_tool_workflow_fails_naming_the_input()
    {
        var host = await StartAsync();

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-missing-tool", AgentWorkflow.Inputs("Weather?", "no-such-workflow")));

        Assert.Equal(["Failed"], run.Outcomes);
        Assert.Contains("ToolWorkflows: no published workflow has the definition id 'no-such-workflow'", run.Output("Error").GetProperty("Message").GetString());
        Assert.Empty(_server.ResponseRequests);
    }

    [Fact]
    public async Task A_failed_model_call_ends_with_Failed_and_keeps_the_run_so_far()
    {
        _server.RespondInTurns(ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}"""), ResponseBodies.Failed("overloaded"));
        var host = await StartAsync();

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-model-fails", AgentWorkflow.Inputs("Weather?", Weather)));

        Assert.Equal(["Failed"], run.Outcomes);
        Assert.Equal(2, run.Output("Iterations").GetInt32());
        Assert.Equal("Completed", Assert.Single(run.Steps).GetProperty("Status").GetString());
        Assert.Contains("overloaded", run.Output("Error").GetProperty("Message").GetString());
    }

    private static string ErrorFor(JsonElement request, string callId) =>
        JsonDocument.Parse(OutputFor(request, callId)).RootElement.GetProperty("error").GetString()!;

    private static string ForecastOf(JsonElement functionCallOutput) =>
        JsonDocument.Parse(functionCallOutput.GetProperty("output").GetString()!).RootElement.GetProperty("forecast").GetString()!;

    private static string OutputFor(JsonElement request, string callId) =>
        request.GetProperty("input").EnumerateArray()
            .Single(i => i.GetProperty("type").GetString() == "function_call_output" && i.GetProperty("call_id").GetString() == callId)
            .GetProperty("output").GetString()!;

    private Task<ElsaTestHost> StartAsync(params string[] testTools) => StartAsync(null, testTools);

    private async Task<ElsaTestHost> StartAsync(Action<Features.ResponsesFeature>? configure, params string[] testTools)
    {
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl, configure);
        await host.ImportAsync(SamplePaths.Workflow("tools/get-weather.json"));
        foreach (var file in testTools)
            await host.ImportAsync(Path.Combine(AppContext.BaseDirectory, "Agents", "Definitions", file));
        return host;
    }
}
