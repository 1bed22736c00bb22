using System.Text.Json;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;
using Elsa.Responses.Client.Validation;

namespace Elsa.Responses.Client.Tests.Streaming;

/// <summary><see cref="IResponsesClient.StreamAsync"/>: eager validation, update order, and agreement with <see cref="IResponsesClient.CreateAsync"/>.</summary>
public sealed class StreamAsyncTests
{
    [Fact]
    public void StreamAsync_InvalidRequest_ThrowsBeforeIteration()
    {
        var handler = ReplayHandler.Sse(Transcripts.Bytes("updates-order.sse"));
        var client = TestClients.Direct(handler);

        // Not awaited and not enumerated: the call itself must throw.
        var exception = Assert.Throws<ResponseValidationException>(() => client.StreamAsync(new Client.Requests.ResponseRequest { Input = "hi" }));

        Assert.Equal(["model is required"], exception.Errors);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task StreamAsync_ReasoningTextAndToolCall_YieldsUpdatesInWireOrderThenCompleted()
    {
        var client = TestClients.Direct(ReplayHandler.Sse(Transcripts.Bytes("updates-order.sse")));

        var updates = await client.StreamAsync(SampleRequests.Text()).ToListAsync();

        UpdateView[] expected =
        [
            new(ResponseUpdateKind.ReasoningDelta, "Weighing ", 0, null, null),
            new(ResponseUpdateKind.ReasoningDelta, "options.", 0, null, null),
            new(ResponseUpdateKind.TextDelta, "Calling ", 1, null, null),
            new(ResponseUpdateKind.TextDelta, "the tool.", 1, null, null),
            new(ResponseUpdateKind.ToolCallDelta, "{\"a\":", 2, "call_order", "add"),
            new(ResponseUpdateKind.ToolCallDelta, "1}", 2, "call_order", "add"),
            new(ResponseUpdateKind.Completed, "", 0, null, null),
        ];
        Assert.Equal(expected, updates.Select(UpdateStream.View));
        var result = updates[^1].Result!;
        Assert.Equal("Calling the tool.", result.Text);
        Assert.Equal("Weighing options.", result.Reasoning);
        Assert.Equal([new ToolCall("call_order", "add", "{\"a\":1}")], result.ToolCalls);
        Assert.Equal(new ResponseUsage(20, 15, 35, 4, 6), result.Usage);
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.Result));
    }

    [Fact]
    public async Task StreamAsync_TranscriptOfSameResponse_CompletedResultEqualsCreateAsyncOnBody()
    {
        // The stream's terminal event carries no output (as llama.cpp sends it), so the streamed result is built from
        // the deltas alone, while the non-streaming body is mapped from its output items.
        var streamed = await TestClients.Direct(ReplayHandler.Sse(Transcripts.Bytes("same-response.sse")))
            .StreamAsync(SampleRequests.Text()).ToListAsync();
        var whole = await TestClients.Direct(ReplayHandler.Json(Transcripts.Text("same-response.json")))
            .CreateAsync(SampleRequests.Text());

        var result = streamed[^1].Result!;
        Assert.Equal(ResponseUpdateKind.Completed, streamed[^1].Kind);
        Assert.Equal("It is sunny.", whole.Text);
        Assert.Equal(whole.Id, result.Id);
        Assert.Equal(whole.Model, result.Model);
        Assert.Equal(whole.CreatedAt, result.CreatedAt);
        Assert.Equal(whole.Status, result.Status);
        Assert.Equal(whole.Text, result.Text);
        Assert.Equal(whole.Reasoning, result.Reasoning);
        Assert.Equal(whole.ToolCalls, result.ToolCalls);
        Assert.Equal(whole.Usage, result.Usage);
    }

    [Fact]
    public async Task StreamAsync_TerminalWithOutput_CompletedResultIsWhatTheDeltasAndTheTerminalBodySay()
    {
        // Both expectations are read by the test with JsonDocument, not by the client's mapping.
        var bytes = Transcripts.Bytes("updates-order.sse");
        var payloads = SseText.Payloads(bytes);
        var fromDeltas = ExpectedResult.FromDeltas(payloads);
        var terminal = ExpectedResult.FromResponsesStream(payloads);
        using var terminalEvent = JsonDocument.Parse(payloads[^1].Data);
        var body = terminalEvent.RootElement.GetProperty("response");

        var streamed = await TestClients.Direct(ReplayHandler.Sse(bytes)).StreamAsync(SampleRequests.Text()).ToListAsync();

        var result = streamed[^1].Result!;
        Assert.Equal(terminal.Text, fromDeltas.Text);
        Assert.Equal(terminal.ToolCalls, fromDeltas.ToolCalls);
        Assert.Equal(fromDeltas.Text, result.Text);
        Assert.Equal(fromDeltas.ToolCalls, result.ToolCalls);
        Assert.Equal(terminal.Id, result.Id);
        Assert.Equal(terminal.Status, result.Status.Value);
        Assert.Equal(terminal.Usage, result.Usage);
        Assert.Equal(body.GetProperty("model").GetString(), result.Model);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(body.GetProperty("created_at").GetInt64()), result.CreatedAt);
        Assert.Equal(body.GetProperty("output").EnumerateArray().Select(i => i.GetRawText()), result.OutputItems.Select(i => i.GetRawText()));
        Assert.Equal(3, result.OutputItems.Count);
    }

    [Fact]
    public async Task StreamAsync_StreamFlagUnset_SendsStreamTrueAndLeavesCallerRequestAlone()
    {
        var handler = ReplayHandler.Sse(Transcripts.Bytes("updates-order.sse"));
        var request = SampleRequests.Text(stream: false);

        await TestClients.Direct(handler).StreamAsync(request).ToListAsync();

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("""{"model":"test-model","input":"Say hello.","stream":true}""", sent.Body);
        Assert.Contains("text/event-stream", sent.Headers.Accept.Select(a => a.MediaType));
        Assert.False(request.Stream);
    }

    [Fact]
    public async Task StreamAsync_ServerIgnoresStreamFlag_YieldsOneCompletedFromJsonBody()
    {
        var client = TestClients.Direct(ReplayHandler.Json(Transcripts.Text("same-response.json")));

        var updates = await client.StreamAsync(SampleRequests.Text()).ToListAsync();

        var only = Assert.Single(updates);
        Assert.Equal(ResponseUpdateKind.Completed, only.Kind);
        Assert.Equal("It is sunny.", only.Result!.Text);
        Assert.Equal("First part.\n\nSecond part.", only.Result.Reasoning);
    }
}
