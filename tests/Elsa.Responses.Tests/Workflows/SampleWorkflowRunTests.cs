using System.Text.Json;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Workflows.Activities.Flowchart.Models;
using Elsa.Workflows;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Workflows;

/// <summary>
/// Each sample imported like the import API does, published, and run by Elsa's runtime against WireMock: the outcomes
/// taken, the requests sent, and what the downstream steps saw (variables, WriteLine output).
/// </summary>
public sealed class SampleWorkflowRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    // ---- summarize.json: literal inputs, Text captured in a variable, written by the next step ----

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Summarize_takes_Done_and_the_next_step_writes_the_text(FlowchartExecutionMode mode)
    {
        _server.RespondWithJson(ResponseBodies.Completed("Elsa is an open-source .NET workflow library."));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "summarize.json", mode);

        AssertFinished(run);
        Assert.Equal(["Done"], run.Outcomes("summarize-call"));
        Assert.Equal("Elsa is an open-source .NET workflow library.", run.StringVariable("summary-var"));
        Assert.Equal(["Elsa is an open-source .NET workflow library."], run.Console);
        Assert.True(run.Ran("write-summary"));
        Assert.False(run.Ran("write-truncated"));
        Assert.False(run.Ran("write-failure"));

        // The journal shows every output of the call.
        Assert.Equal("resp_done", run.Output("summarize-call", "ResponseId"));
        Assert.Equal("completed", run.Output("summarize-call", "Status"));
        Assert.NotNull(run.Output("summarize-call", "Usage"));

        // The literal inputs, as sent; the connection input is empty, so the module's default connection was used.
        var request = Assert.Single(_server.ResponseRequests);
        Assert.Equal("openai-gpt-oss-120b", request.GetProperty("model").GetString());
        Assert.StartsWith("Summarize in one sentence: Elsa Workflows", request.GetProperty("input").GetString());
        Assert.Equal("You are a concise technical writer. Answer with a single sentence.", request.GetProperty("instructions").GetString());
        Assert.Equal(0.2, request.GetProperty("temperature").GetDouble());
        Assert.Equal(200, request.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("<END>", request.GetProperty("stop").GetString());
        Assert.Equal("summarize", request.GetProperty("metadata").GetProperty("sample").GetString());
        Assert.False(request.TryGetProperty("tools", out _));
        Assert.False(request.TryGetProperty("stream", out _));
        // No Output schema in the definition: the designer's example schema is a template and never sent.
        Assert.False(request.TryGetProperty("text", out _));
        Assert.Equal([$"Bearer {FakeResponsesServer.ApiKey}"], _server.AuthorizationHeaders);
    }

    [Fact]
    public async Task Summarize_records_Status_among_its_outputs_and_not_again_in_its_journal()
    {
        _server.RespondWithJson(ResponseBodies.Completed("Elsa is an open-source .NET workflow library."));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "summarize.json");

        AssertFinished(run);
        var record = run.Record("summarize-call");
        Assert.Equal("completed", record.Outputs!["Status"]);
        Assert.Equal(["Done"], run.Outcomes("summarize-call"));
        Assert.False(record.Payload!.ContainsKey("Status"));
        Assert.DoesNotContain("completed", record.SerializedSnapshot!.SerializedPayload ?? "");
    }

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Summarize_takes_Incomplete_and_writes_the_truncated_text(FlowchartExecutionMode mode)
    {
        _server.RespondWithJson(ResponseBodies.Incomplete("Elsa is an open-source"));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "summarize.json", mode);

        AssertFinished(run);
        Assert.Equal(["Incomplete"], run.Outcomes("summarize-call"));
        Assert.Equal(["(truncated) Elsa is an open-source"], run.Console);
    }

    // ---- expressions.json: JavaScript and variable inputs, streamed, Text and Usage read by JavaScript downstream ----

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Expressions_streams_and_downstream_javascript_reads_Text_and_Usage(FlowchartExecutionMode mode)
    {
        _server.RespondWithStream(ResponseBodies.TextStream("resp_stream", "Durable workflows ", "survive ", "restarts."));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "expressions.json", mode);

        AssertFinished(run);
        Assert.Equal(["Done"], run.Outcomes("expressions-call"));
        Assert.Equal("Durable workflows survive restarts.", run.StringVariable("answer-var"));
        Assert.Equal(42, run.Variable("total-tokens-var").GetInt64());
        Assert.Equal(["Durable workflows survive restarts. (42 tokens)"], run.Console);
        Assert.False(run.Ran("set-failure"));

        // Inputs from a variable (model) and from JavaScript (input, instructions, temperature, metadata).
        var request = Assert.Single(_server.ResponseRequests);
        Assert.Equal("openai-gpt-oss-120b", request.GetProperty("model").GetString());
        Assert.Equal("Explain durable workflows to a new developer in two sentences.", request.GetProperty("input").GetString());
        Assert.Equal("You explain durable workflows clearly, without jargon.", request.GetProperty("instructions").GetString());
        Assert.Equal(0.3, request.GetProperty("temperature").GetDouble());
        Assert.Equal(256, request.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("durable workflows", request.GetProperty("metadata").GetProperty("topic").GetString());
        Assert.Equal("responses-expressions", request.GetProperty("metadata").GetProperty("workflow").GetString());
        Assert.True(request.GetProperty("stream").GetBoolean());
        Assert.True(request.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Expressions_takes_Incomplete_into_the_answer_path(FlowchartExecutionMode mode)
    {
        _server.RespondWithJson(ResponseBodies.Incomplete("Durable workflows are"));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "expressions.json", mode);

        AssertFinished(run);
        Assert.Equal(["Incomplete"], run.Outcomes("expressions-call"));
        Assert.Equal(["Durable workflows are (58 tokens)"], run.Console);
    }

    // ---- tool-loop.json: Tool calls → function_call_output built in JavaScript → second call → Done ----

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Tool_loop_answers_the_first_call_and_ends_with_Done(FlowchartExecutionMode mode)
    {
        _server
            .RespondWithJson(ResponseBodies.ToolCall(callId: "call_Zx9Q", arguments: """{"city":"Amsterdam"}""", id: "resp_first"))
            .RespondWithJson(ResponseBodies.Completed("It is 14 °C with light rain in Amsterdam.", id: "resp_second"), whenBodyContains: "function_call_output");
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "tool-loop.json", mode);

        AssertFinished(run);
        Assert.Equal(["Tool calls"], run.Outcomes("tool-call"));
        Assert.True(run.Ran("build-tool-output"));
        Assert.Equal(["Done"], run.Outcomes("final-call"));
        Assert.False(run.Ran("set-direct-answer"));
        Assert.False(run.Ran("write-failure"));
        Assert.Equal("It is 14 °C with light rain in Amsterdam.", run.StringVariable("answer-var"));
        Assert.Equal(["It is 14 °C with light rain in Amsterdam."], run.Console);

        var requests = _server.ResponseRequests;
        Assert.Equal(2, requests.Count);
        Assert.Equal("get_weather", requests[0].GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("auto", requests[0].GetProperty("tool_choice").GetString());

        // The second request carries the Conversation (the user message and the model's function_call item) plus the
        // function_call_output answering that call's call_id.
        var input = requests[1].GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(3, input.Count);
        Assert.Equal("user", input[0].GetProperty("role").GetString());
        Assert.Equal("What is the weather in Amsterdam right now?", input[0].GetProperty("content").GetString());
        Assert.Equal("function_call", input[1].GetProperty("type").GetString());
        Assert.Equal("call_Zx9Q", input[1].GetProperty("call_id").GetString());
        Assert.Equal("get_weather", input[1].GetProperty("name").GetString());
        Assert.Equal("""{"city":"Amsterdam"}""", input[1].GetProperty("arguments").GetString());
        Assert.Equal("function_call_output", input[2].GetProperty("type").GetString());
        Assert.Equal("call_Zx9Q", input[2].GetProperty("call_id").GetString());
        var toolOutput = JsonDocument.Parse(input[2].GetProperty("output").GetString()!).RootElement;
        Assert.Equal("Amsterdam", toolOutput.GetProperty("city").GetString());
        Assert.Equal(14, toolOutput.GetProperty("temperature_c").GetInt32());
        Assert.Equal("get_weather", requests[1].GetProperty("tools")[0].GetProperty("name").GetString());
    }

    // A model cut off mid-call writes arguments that are not JSON: the sample answers the call with an error the model
    // can read, and the workflow goes on instead of faulting in its JavaScript step.
    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Tool_loop_answers_arguments_that_are_not_JSON_with_an_error_and_ends_with_Done(FlowchartExecutionMode mode)
    {
        _server
            .RespondWithJson(ResponseBodies.ToolCall(callId: "call_cut", arguments: "{\"city\":\"Ams", id: "resp_first"))
            .RespondWithJson(ResponseBodies.Completed("Which city did you mean?", id: "resp_second"), whenBodyContains: "function_call_output");
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "tool-loop.json", mode);

        AssertFinished(run);
        Assert.Equal(["Done"], run.Outcomes("final-call"));
        var toolOutput = _server.ResponseRequests[1].GetProperty("input").EnumerateArray().Last();
        Assert.Equal("call_cut", toolOutput.GetProperty("call_id").GetString());
        var error = JsonDocument.Parse(toolOutput.GetProperty("output").GetString()!).RootElement.GetProperty("error").GetString();
        Assert.Equal("The arguments are not valid JSON: {\"city\":\"Ams", error);
    }

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Tool_loop_takes_the_direct_path_when_no_tool_is_called(FlowchartExecutionMode mode)
    {
        _server.RespondWithJson(ResponseBodies.Completed("I cannot check live weather, but Amsterdam is often rainy."));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "tool-loop.json", mode);

        AssertFinished(run);
        Assert.Equal(["Done"], run.Outcomes("tool-call"));
        Assert.False(run.Ran("final-call"));
        Assert.Equal(["I cannot check live weather, but Amsterdam is often rainy."], run.Console);
        Assert.Single(_server.ResponseRequests);
    }

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Tool_loop_failure_in_the_second_call_takes_Failed(FlowchartExecutionMode mode)
    {
        _server
            .RespondWithJson(ResponseBodies.ToolCall())
            .RespondWithJson("""{"error":{"message":"The server is overloaded.","type":"server_error","param":null,"code":null}}""", status: 503, whenBodyContains: "function_call_output");
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "tool-loop.json", mode);

        AssertFinished(run);
        Assert.Equal(["Tool calls"], run.Outcomes("tool-call"));
        Assert.Equal(["Failed"], run.Outcomes("final-call"));
        var line = Assert.Single(run.Console);
        Assert.StartsWith("Tool loop failed: POST /v1/responses failed with HTTP 503", line);
        Assert.Contains("The server is overloaded.", line);
        Assert.False(run.Ran("write-answer"));
    }

    internal static void AssertFinished(SampleRun run)
    {
        Assert.Equal(WorkflowStatus.Finished, run.State.Status);
        Assert.Equal(WorkflowSubStatus.Finished, run.State.SubStatus);
        Assert.Empty(run.State.Incidents);
        Assert.All(run.Records, r => Assert.Null(r.Exception));
        Assert.All(run.Records, r => Assert.Equal(ActivityStatus.Completed, r.Status));
    }
}
