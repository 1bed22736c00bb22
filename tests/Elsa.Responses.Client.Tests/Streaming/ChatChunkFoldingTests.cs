using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Streaming;

/// <summary>
/// Chat-completion chunks (DigitalOcean's documented stream format): everything one delta carries reaches the updates
/// and the result, tool calls are told apart by <c>index</c>, else by <c>id</c>, else by order of arrival, and the
/// chat usage names are read.
/// </summary>
public sealed class ChatChunkFoldingTests
{
    [Fact]
    public async Task StreamAsync_OneDeltaWithReasoningTextAndToolCall_ThreeUpdatesAndAllThreeInResult()
    {
        var (updates, result) = await UpdateStream.ReadAsync([Transcripts.Bytes("chat-delta-all-parts.sse")]);

        Assert.Equal(
            [ResponseUpdateKind.ReasoningDelta, ResponseUpdateKind.TextDelta, ResponseUpdateKind.ToolCallDelta],
            updates.Select(u => u.Kind));
        Assert.Equal(["Porto needs a lookup.", "Checking the weather.", """{"city":"Porto"}"""], updates.Select(u => u.Delta));
        var call = updates[2];
        Assert.Equal(("call_all", "get_weather"), (call.CallId, call.ToolName));
        Assert.NotEqual(updates[1].OutputIndex, call.OutputIndex);

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Equal("Porto needs a lookup.", result.Reasoning);
        Assert.Equal("Checking the weather.", result.Text);
        Assert.Equal([new ToolCall("call_all", "get_weather", """{"city":"Porto"}""")], result.ToolCalls);
    }

    [Fact]
    public async Task A_chat_streams_output_items_are_its_message_then_its_function_calls_in_the_Responses_shape()
    {
        var (_, result) = await UpdateStream.ReadAsync([Transcripts.Bytes("chat-delta-all-parts.sse")]);

        // A chat stream has no response object: the items are written from what it delivered, ready to send back as input.
        Assert.Null(result.Raw);
        Assert.Equal(2, result.OutputItems.Count);
        var (message, call) = (result.OutputItems[0], result.OutputItems[1]);
        Assert.Equal(("message", "assistant"), (message.GetProperty("type").GetString(), message.GetProperty("role").GetString()));
        var part = Assert.Single(message.GetProperty("content").EnumerateArray());
        Assert.Equal(("output_text", "Checking the weather."), (part.GetProperty("type").GetString(), part.GetProperty("text").GetString()));
        Assert.Equal(
            ("function_call", "call_all", "get_weather", """{"city":"Porto"}"""),
            (call.GetProperty("type").GetString(), call.GetProperty("call_id").GetString(), call.GetProperty("name").GetString(), call.GetProperty("arguments").GetString()));
    }

    [Fact]
    public async Task A_key_in_a_chat_streams_text_and_arguments_is_masked_in_the_output_items_written_from_them()
    {
        var key = TestClients.ApiKey;
        var chunks = SseText.FromJsonLines(
        [
            $$$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"key {{{key}}}"}}]}""",
            $$$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":"{\"k\":\"{{{key}}}\"}"}}]},"finish_reason":"tool_calls"}]}""",
            "[DONE]",
        ]);
        var client = TestClients.Direct(ReplayHandler.Sse(chunks));

        var result = await client.StreamAsync(SampleRequests.Text()).ToResultAsync();

        Assert.Equal("key ***", result.Text);
        Assert.Equal(2, result.OutputItems.Count);
        Assert.All(result.OutputItems, item => Assert.DoesNotContain(key, item.GetRawText()));
        Assert.Equal("key ***", result.OutputItems[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("""{"k":"***"}""", result.OutputItems[1].GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task StreamAsync_ChunkContinuingCallZeroAndStartingCallOne_AnUpdateForEachAndTwoCalls()
    {
        var (updates, result) = await UpdateStream.ReadAsync([Transcripts.Bytes("chat-two-calls-one-chunk.sse")]);

        Assert.All(updates, u => Assert.Equal(ResponseUpdateKind.ToolCallDelta, u.Kind));
        Assert.Equal(["{\"city\":", "\"Porto\"}", "{\"zone\":", "\"WET\"}"], updates.Select(u => u.Delta));
        // The second chunk's two entries: the end of call 0 and the start of call 1, each under its own output.
        var (continuation, start) = (updates[1], updates[2]);
        Assert.Equal(updates[0].OutputIndex, continuation.OutputIndex);
        Assert.NotEqual(continuation.OutputIndex, start.OutputIndex);
        Assert.Equal(start.OutputIndex, updates[3].OutputIndex);
        Assert.Equal(("call_time", "get_time"), (start.CallId, start.ToolName));

        Assert.Equal(
            [new ToolCall("call_weather", "get_weather", """{"city":"Porto"}"""), new ToolCall("call_time", "get_time", """{"zone":"WET"}""")],
            result.ToolCalls);
    }

    [Theory]
    // By id: the third entry continues the first call, after the second call has started.
    [InlineData("chat-tool-calls-by-id.sse", 2, "call_weather", "call_time")]
    // With no id either, in order of arrival: a nameless entry continues the call before it, a named one starts the next.
    [InlineData("chat-tool-calls-in-arrival-order.sse", 1, "", "")]
    public async Task StreamAsync_ToolCallsWithoutIndex_NotMergedIntoOneCall(string transcript, int continuation, string firstId, string secondId)
    {
        var (updates, result) = await UpdateStream.ReadAsync([Transcripts.Bytes(transcript)]);

        var start = 3 - continuation;
        Assert.Equal(updates[0].OutputIndex, updates[continuation].OutputIndex);
        Assert.NotEqual(updates[0].OutputIndex, updates[start].OutputIndex);
        Assert.Equal(
            [new ToolCall(firstId, "get_weather", """{"city":"Porto"}"""), new ToolCall(secondId, "get_time", """{"zone":"WET"}""")],
            result.ToolCalls);
    }

    [Fact]
    public async Task CreateAsync_ChatUsageNames_ReadAsInputAndOutputTokens()
    {
        var client = TestClients.Direct(ReplayHandler.Sse(Transcripts.Bytes("chat-delta-all-parts.sse")));

        var result = await client.CreateAsync(SampleRequests.Text(stream: true));

        Assert.Equal(new ResponseUsage(InputTokens: 31, OutputTokens: 17, TotalTokens: 48, CachedTokens: 0, ReasoningTokens: 0), result.Usage);
    }
}
