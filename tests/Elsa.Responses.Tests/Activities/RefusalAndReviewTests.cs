using System.Text.Json.Nodes;
using Elsa.Responses.Activities;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows;

namespace Elsa.Responses.Tests.Activities;

/// <summary>
/// Issue 8 §1 and the client's review of a finished result, as the activity shows them: a refusal takes Done with the
/// Refusal output set; truncation a server did not report takes Incomplete; a named tool_choice it ignored is a journal note.
/// Bodies are written by hand from the wire format.
/// </summary>
public sealed class RefusalAndReviewTests : IDisposable
{
    private const string RefusalText = "I can't help with that.";

    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Refusal_takes_Done_with_empty_Text_and_the_Refusal_output()
    {
        var refusal = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "msg_refusal",
            ["status"] = "completed",
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "refusal", ["refusal"] = RefusalText }),
        };
        _server.RespondWithJson(ResponseBodies.ResponseObject("resp_refusal", "completed", new JsonArray(refusal), ResponseBodies.Usage(output: 7, reasoning: 0)).ToJsonString());

        var context = await ActivityHarness.ExecuteAsync(ActivityHarness.Activity("How do I pick a lock?"), _server.BaseUrl);

        AssertRefused(context);
    }

    [Fact]
    public async Task Streamed_refusal_takes_Done_with_empty_Text_and_the_Refusal_output()
    {
        _server.RespondWithStream(
            """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_refusal_s","object":"response","created_at":1760000000,"status":"in_progress","model":"openai-gpt-oss-120b","output":[],"usage":null}}

            event: response.output_item.added
            data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"message","id":"msg_rs","status":"in_progress","role":"assistant","content":[]}}

            event: response.content_part.added
            data: {"type":"response.content_part.added","sequence_number":2,"item_id":"msg_rs","output_index":0,"content_index":0,"part":{"type":"refusal","refusal":""}}

            event: response.refusal.delta
            data: {"type":"response.refusal.delta","sequence_number":3,"item_id":"msg_rs","output_index":0,"content_index":0,"delta":"I can't "}

            event: response.refusal.delta
            data: {"type":"response.refusal.delta","sequence_number":4,"item_id":"msg_rs","output_index":0,"content_index":0,"delta":"help with that."}

            event: response.refusal.done
            data: {"type":"response.refusal.done","sequence_number":5,"item_id":"msg_rs","output_index":0,"content_index":0,"refusal":"I can't help with that."}

            event: response.content_part.done
            data: {"type":"response.content_part.done","sequence_number":6,"item_id":"msg_rs","output_index":0,"content_index":0,"part":{"type":"refusal","refusal":"I can't help with that."}}

            event: response.output_item.done
            data: {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"type":"message","id":"msg_rs","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]}}

            event: response.completed
            data: {"type":"response.completed","sequence_number":8,"response":{"id":"resp_refusal_s","object":"response","created_at":1760000000,"status":"completed","model":"openai-gpt-oss-120b","output":[{"type":"message","id":"msg_rs","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]}],"usage":{"input_tokens":12,"output_tokens":7,"total_tokens":19}}}


            """.Replace("\r\n", "\n"));
        var activity = ActivityHarness.Activity("How do I pick a lock?");
        activity.Stream = new(true);

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        AssertRefused(context);
    }

    [Fact]
    public async Task Completed_response_that_used_every_allowed_token_takes_Incomplete()
    {
        // llama.cpp, Ollama and older vLLM say "completed" when they stop at max_output_tokens.
        _server.RespondWithJson(ResponseBodies.ResponseObject("resp_cut", "completed", new JsonArray(ResponseBodies.Message("Once upon")),
            ResponseBodies.Usage(input: 9, output: 2, cached: 0, reasoning: 0)).ToJsonString());
        var activity = ActivityHarness.Activity("Tell a story.");
        activity.MaxOutputTokens = new(2);

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal(ActivityStatus.Completed, context.Status);
        Assert.Equal([CreateResponseOutcomes.Incomplete], context.GetOutcomes());
        Assert.Equal("incomplete", context.Output<string>("Status"));
        Assert.Equal("Once upon", context.Output<string>("Text"));
        Assert.Null(context.Output<ResponseFailure>("Error"));
        Assert.Equal(true, context.JournalData["IncompleteInferred"]);
    }

    [Fact]
    public async Task Completed_response_under_its_token_limit_stays_Done()
    {
        _server.RespondWithJson(ResponseBodies.ResponseObject("resp_short", "completed", new JsonArray(ResponseBodies.Message("Hi.")),
            ResponseBodies.Usage(input: 9, output: 2, cached: 0, reasoning: 0)).ToJsonString());
        var activity = ActivityHarness.Activity();
        activity.MaxOutputTokens = new(3);

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.Done], context.GetOutcomes());
        Assert.Equal("completed", context.Output<string>("Status"));
        Assert.False(context.JournalData.ContainsKey("IncompleteInferred"));
    }

    [Fact]
    public async Task Named_tool_choice_the_server_ignored_takes_Done_with_a_warning_in_the_journal()
    {
        _server.RespondWithJson(ResponseBodies.Completed("I cannot check the weather.", id: "resp_ignored"));
        var activity = ActivityHarness.Activity("Weather in Amsterdam?");
        activity.Tools = new(CreateResponseActivityTests.ToolsJson);
        activity.ToolChoice = new("get_weather");

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.Done], context.GetOutcomes());
        Assert.Equal("I cannot check the weather.", context.Output<string>("Text"));
        Assert.Empty(context.Output<ICollection<ToolCall>>("ToolCalls")!);
        Assert.Equal("get_weather", Assert.Single(_server.ResponseRequests).GetProperty("tool_choice").GetProperty("name").GetString());

        var entry = Assert.Single(context.WorkflowExecutionContext.ExecutionLog, e => e.EventName == "Warning");
        Assert.Equal(context.Activity.Id, entry.ActivityId);
        Assert.Contains("tool_choice", entry.Message);
        Assert.Contains("'get_weather'", entry.Message);
        var warnings = Assert.IsAssignableFrom<IEnumerable<string>>(context.JournalData["Warnings"]);
        Assert.Equal([entry.Message], warnings);
        Assert.DoesNotContain(context.WorkflowExecutionContext.ExecutionLog, e => e.EventName == "Error");
    }

    [Fact]
    public async Task Named_tool_choice_the_server_followed_leaves_no_warning()
    {
        _server.RespondWithJson(ResponseBodies.ToolCall());
        var activity = ActivityHarness.Activity("Weather in Amsterdam?");
        activity.Tools = new(CreateResponseActivityTests.ToolsJson);
        activity.ToolChoice = new("get_weather");

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.ToolCalls], context.GetOutcomes());
        Assert.DoesNotContain(context.WorkflowExecutionContext.ExecutionLog, e => e.EventName == "Warning");
        Assert.False(context.JournalData.ContainsKey("Warnings"));
    }

    private static void AssertRefused(ActivityExecutionContext context)
    {
        Assert.Equal(ActivityStatus.Completed, context.Status);
        Assert.Equal([CreateResponseOutcomes.Done], context.GetOutcomes());
        Assert.Equal(string.Empty, context.Output<string>("Text"));
        Assert.Equal(RefusalText, context.Output<string>("Refusal"));
        Assert.Equal("completed", context.Output<string>("Status"));
        Assert.Empty(context.Output<ICollection<ToolCall>>("ToolCalls")!);
        Assert.Null(context.Output<ResponseFailure>("Error"));
    }
}
