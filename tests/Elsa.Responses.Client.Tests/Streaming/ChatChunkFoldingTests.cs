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
