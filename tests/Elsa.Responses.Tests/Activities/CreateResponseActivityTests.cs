using System.Text.Json;
using Elsa.Responses.Activities;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Elsa.Responses.Tests.Activities;

/// <summary>The activity on its own, through Elsa.Testing.Shared's ActivityTestFixture: outcomes, outputs, validation.</summary>
public sealed class CreateResponseActivityTests : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Completed_response_takes_Done_and_sets_every_output()
    {
        _server.RespondWithJson(ResponseBodies.Completed("Hello there.", id: "resp_abc", reasoning: "A greeting is enough."));

        var context = await ActivityHarness.ExecuteAsync(ActivityHarness.Activity("Say hello."), _server.BaseUrl);

        Assert.Equal(ActivityStatus.Completed, context.Status);
        Assert.Equal([CreateResponseOutcomes.Done], context.GetOutcomes());
        Assert.Equal("Hello there.", context.Output<string>("Text"));
        Assert.Equal("A greeting is enough.", context.Output<string>("Reasoning"));
        Assert.Empty(context.Output<ICollection<ToolCall>>("ToolCalls")!);
        Assert.Equal(new ResponseUsage(42, 17, 59, 8, 5), context.Output<ResponseUsage>("Usage"));
        Assert.Equal("completed", context.Output<string>("Status"));
        Assert.Equal("resp_abc", context.Output<string>("ResponseId"));
        Assert.Null(context.Output<ResponseFailure>("Error"));
        // The Status output holds the status; the journal does not repeat it.
        Assert.False(context.JournalData.ContainsKey("Status"));

        var raw = ResponseBodies.Parse(context.Output<string>("Response")!);
        Assert.Equal("resp_abc", raw.GetProperty("id").GetString());

        // The input items, then the output items, ready for the next call.
        var conversation = ResponseBodies.Parse(context.Output<string>("Conversation")!).EnumerateArray().ToList();
        Assert.Equal(3, conversation.Count);
        Assert.Equal("user", conversation[0].GetProperty("role").GetString());
        Assert.Equal("Say hello.", conversation[0].GetProperty("content").GetString());
        Assert.Equal("reasoning", conversation[1].GetProperty("type").GetString());
        Assert.Equal("message", conversation[2].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Function_calls_take_Tool_calls_and_set_ToolCalls()
    {
        _server.RespondWithJson(ResponseBodies.ToolCall(callId: "call_Zx9", arguments: """{"city":"Amsterdam"}"""));
        var activity = ActivityHarness.Activity("Weather in Amsterdam?");
        activity.Tools = new(ToolsJson);
        activity.ToolChoice = new("get_weather");

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.ToolCalls], context.GetOutcomes());
        var call = Assert.Single(context.Output<ICollection<ToolCall>>("ToolCalls")!);
        Assert.Equal(new ToolCall("call_Zx9", "get_weather", """{"city":"Amsterdam"}"""), call);
        Assert.Equal(string.Empty, context.Output<string>("Text"));
        var conversation = ResponseBodies.Parse(context.Output<string>("Conversation")!).EnumerateArray().ToList();
        Assert.Equal("function_call", conversation[^1].GetProperty("type").GetString());
        Assert.Equal("call_Zx9", conversation[^1].GetProperty("call_id").GetString());

        var request = Assert.Single(_server.ResponseRequests);
        Assert.Equal("get_weather", request.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("get_weather", request.GetProperty("tool_choice").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Activity_without_tools_sends_no_tools_although_the_designer_prefills_an_example()
    {
        _server.RespondWithJson(ResponseBodies.Completed("Hi."));

        await ActivityHarness.ExecuteAsync(ActivityHarness.Activity("Say hi."), _server.BaseUrl);

        var request = Assert.Single(_server.ResponseRequests);
        Assert.False(request.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task Truncated_response_takes_Incomplete_with_its_text()
    {
        _server.RespondWithJson(ResponseBodies.Incomplete("Once upon a time, there"));
        var activity = ActivityHarness.Activity("Tell a story.");
        activity.MaxOutputTokens = new(16);

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.Incomplete], context.GetOutcomes());
        Assert.Equal("Once upon a time, there", context.Output<string>("Text"));
        Assert.Equal("incomplete", context.Output<string>("Status"));
        Assert.Null(context.Output<ResponseFailure>("Error"));
        Assert.Equal(16, Assert.Single(_server.ResponseRequests).GetProperty("max_output_tokens").GetInt32());
    }

    [Fact]
    public async Task Http_error_takes_Failed_with_the_error_a_journal_entry_and_no_fault()
    {
        _server.RespondWithJson(
            """{"error":{"message":"Unsupported parameter: 'temperature'.","type":"invalid_request_error","param":"temperature","code":"unsupported_parameter"}}""",
            status: 400);
        var logs = new FakeLogCollector();

        var context = await ActivityHarness.ExecuteAsync(ActivityHarness.Activity(), _server.BaseUrl, logs);

        Assert.Equal(ActivityStatus.Completed, context.Status);
        Assert.Null(context.Exception);
        Assert.Equal([CreateResponseOutcomes.Failed], context.GetOutcomes());
        var error = context.Output<ResponseFailure>("Error")!;
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("unsupported_parameter", error.Code);
        Assert.Contains("Unsupported parameter: 'temperature'.", error.Message);
        Assert.Equal("req_test_1", error.RequestId);
        Assert.Equal("failed", context.Output<string>("Status"));
        Assert.Equal(error.Message, context.JournalData["Error"]);
        var entry = Assert.Single(context.WorkflowExecutionContext.ExecutionLog, e => e.EventName == "Error");
        Assert.Equal(error.Message, entry.Message);
        Assert.Equal(context.Activity.Id, entry.ActivityId);
        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("Create Response failed"));
    }

    [Fact]
    public async Task Failed_response_in_a_200_takes_Failed()
    {
        _server.RespondWithJson(ResponseBodies.Failed("The model is overloaded."));

        var context = await ActivityHarness.ExecuteAsync(ActivityHarness.Activity(), _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.Failed], context.GetOutcomes());
        var error = context.Output<ResponseFailure>("Error")!;
        Assert.Null(error.Status);
        Assert.Equal("server_error", error.Code);
        Assert.Contains("The model is overloaded.", error.Message);
    }

    [Fact]
    public async Task Streamed_response_is_aggregated_into_the_same_outputs()
    {
        _server.RespondWithStream(ResponseBodies.TextStream("resp_stream", "Hel", "lo ", "there."));
        var activity = ActivityHarness.Activity();
        activity.Stream = new(true);
        activity.IncludeUsage = new(true);

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.Done], context.GetOutcomes());
        Assert.Equal("Hello there.", context.Output<string>("Text"));
        Assert.Equal("resp_stream", context.Output<string>("ResponseId"));
        Assert.Equal(new ResponseUsage(30, 12, 42, 0, 0), context.Output<ResponseUsage>("Usage"));
        var request = Assert.Single(_server.ResponseRequests);
        Assert.True(request.GetProperty("stream").GetBoolean());
        Assert.True(request.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Error_event_mid_stream_takes_Failed_and_keeps_the_partial_text()
    {
        _server.RespondWithStream(ResponseBodies.StreamWithErrorMidway("resp_broken", "The model crashed.", "Partial ", "answer"));
        var activity = ActivityHarness.Activity();
        activity.Stream = new(true);

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal(ActivityStatus.Completed, context.Status);
        Assert.Equal([CreateResponseOutcomes.Failed], context.GetOutcomes());
        Assert.Equal("Partial answer", context.Output<string>("Text"));
        Assert.Equal("resp_broken", context.Output<string>("ResponseId"));
        var error = context.Output<ResponseFailure>("Error")!;
        Assert.Equal("server_error", error.Code);
        Assert.Contains("The model crashed.", error.Message);
        // The partial message is in the conversation too, so a retry can continue from it.
        var conversation = ResponseBodies.Parse(context.Output<string>("Conversation")!).EnumerateArray().ToList();
        Assert.Equal("Partial answer", conversation[^1].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Unreachable_server_takes_Failed_with_a_connection_error()
    {
        var context = await ActivityHarness.ExecuteAsync(ActivityHarness.Activity(), FakeResponsesServer.DeadUrl());

        Assert.Equal(ActivityStatus.Completed, context.Status);
        Assert.Equal([CreateResponseOutcomes.Failed], context.GetOutcomes());
        Assert.Equal("connection_error", context.Output<ResponseFailure>("Error")!.Type);
    }

    [Fact]
    public async Task Temperature_out_of_range_fails_validation_without_calling_the_server()
    {
        _server.RespondWithJson(ResponseBodies.Completed("unused"));
        var activity = ActivityHarness.Activity();
        activity.Temperature = new(3d);

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal(ActivityStatus.Completed, context.Status);
        Assert.Equal([CreateResponseOutcomes.Failed], context.GetOutcomes());
        var error = context.Output<ResponseFailure>("Error")!;
        Assert.Equal("validation_error", error.Type);
        Assert.Null(error.Status);
        Assert.Contains("temperature must be between 0 and 2", error.Message);
        Assert.Equal("failed", context.Output<string>("Status"));
        Assert.Contains(context.WorkflowExecutionContext.ExecutionLog, e => e.EventName == "Error" && e.Message!.Contains("temperature must be between 0 and 2"));
        Assert.Empty(_server.Server.LogEntries);
    }

    [Fact]
    public async Task Every_violation_is_reported_at_once()
    {
        var activity = new CreateResponse
        {
            Model = new(string.Empty),
            Input = new("Hi"),
            TopP = new(1.5),
            MaxOutputTokens = new(0),
            Stop = new(new List<string> { "a", "b", "c", "d", "e" }),
        };

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        var message = context.Output<ResponseFailure>("Error")!.Message;
        Assert.Contains("model is required", message);
        Assert.Contains("top_p must be between 0 and 1", message);
        Assert.Contains("max_output_tokens must be at least 1", message);
        Assert.Contains("stop accepts at most 4 sequences", message);
        Assert.Empty(_server.Server.LogEntries);
    }

    [Theory]
    [InlineData("input", "[{\"role\":\"user\"", "input looks like a JSON array but is not valid JSON")]
    [InlineData("tools", "{\"type\":\"function\"}", "tools must be a JSON array")]
    [InlineData("tools", "[{\"type\":", "tools is not valid JSON")]
    [InlineData("toolChoice", "{\"type\":", "tool_choice looks like a JSON object but is not valid JSON")]
    public async Task Unreadable_json_inputs_fail_validation(string inputName, string value, string expected)
    {
        var activity = ActivityHarness.Activity();
        switch (inputName)
        {
            case "input": activity.Input = new(value); break;
            case "tools": activity.Tools = new(value); break;
            default: activity.ToolChoice = new(value); break;
        }

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.Failed], context.GetOutcomes());
        Assert.Contains(expected, context.Output<ResponseFailure>("Error")!.Message);
        Assert.Empty(_server.Server.LogEntries);
    }

    [Fact]
    public async Task Unknown_connection_fails_with_a_configuration_error()
    {
        var activity = ActivityHarness.Activity();
        activity.Connection = new("nowhere");

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.Failed], context.GetOutcomes());
        var error = context.Output<ResponseFailure>("Error")!;
        Assert.Equal("configuration_error", error.Type);
        Assert.Contains("'nowhere'", error.Message);
        Assert.Empty(_server.Server.LogEntries);
    }

    [Fact]
    public async Task Every_input_reaches_the_request_body()
    {
        _server.RespondWithStream(ResponseBodies.TextStream("resp_all", "ok"));
        var activity = new CreateResponse
        {
            Model = new(ResponseBodies.Model),
            Connection = new("default"),
            Input = new("""[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"Weather?"}]"""),
            Instructions = new("Be brief."),
            Temperature = new(0.5),
            TopP = new(0.9),
            MaxOutputTokens = new(128),
            Stop = new(new List<string> { "END", "STOP" }),
            Tools = new(ToolsJson),
            ToolChoice = new("required"),
            RequestMetadata = new(new Dictionary<string, string> { ["ticket"] = "T-42" }),
            User = new("user-7"),
            Stream = new(true),
            IncludeUsage = new(true),
        };

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.Done], context.GetOutcomes());
        var request = Assert.Single(_server.ResponseRequests);
        Assert.Equal(ResponseBodies.Model, request.GetProperty("model").GetString());
        Assert.Equal(3, request.GetProperty("input").GetArrayLength());
        Assert.Equal("Weather?", request.GetProperty("input")[2].GetProperty("content").GetString());
        Assert.Equal("Be brief.", request.GetProperty("instructions").GetString());
        Assert.Equal(0.5, request.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, request.GetProperty("top_p").GetDouble());
        Assert.Equal(128, request.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal(["END", "STOP"], request.GetProperty("stop").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("get_weather", request.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("required", request.GetProperty("tool_choice").GetString());
        Assert.Equal("T-42", request.GetProperty("metadata").GetProperty("ticket").GetString());
        Assert.Equal("user-7", request.GetProperty("user").GetString());
        Assert.True(request.GetProperty("stream").GetBoolean());
        Assert.True(request.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        // The conversation starts with the three input items, as given.
        Assert.Equal(4, ResponseBodies.Parse(context.Output<string>("Conversation")!).GetArrayLength());
    }

    [Fact]
    public async Task Unset_optional_inputs_are_not_sent()
    {
        _server.RespondWithJson(ResponseBodies.Completed("ok"));

        await ActivityHarness.ExecuteAsync(ActivityHarness.Activity("Hi"), _server.BaseUrl);

        var request = Assert.Single(_server.ResponseRequests);
        Assert.Equal(["model", "input"], request.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Input_may_be_a_json_value_from_an_expression()
    {
        _server.RespondWithJson(ResponseBodies.Completed("ok"));
        var activity = ActivityHarness.Activity();
        activity.Input = new Input<object?>(JsonSerializer.SerializeToElement(new[] { new { role = "user", content = "From JSON" } }));

        await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        var input = Assert.Single(_server.ResponseRequests).GetProperty("input");
        Assert.Equal("From JSON", input[0].GetProperty("content").GetString());
    }

    internal const string ToolsJson =
        """[{"type":"function","name":"get_weather","description":"Get the weather.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""";
}
