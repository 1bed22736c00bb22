using System.Text.Json.Nodes;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Relay;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Relay;

/// <summary>
/// The relay writes OpenAI's typed stream events (the Responses API streaming reference): every event carries its
/// <c>type</c> (equal to its <c>event:</c> name) and a <c>sequence_number</c> counting from 0, items are announced by
/// <c>response.output_item.added</c> before their deltas and closed by <c>response.output_item.done</c>, and the stream
/// ends with one of <c>response.completed</c>, <c>response.incomplete</c> or <c>response.failed</c>. The same holds for
/// an upstream that sent typed events and for one that sent chat-completion chunks.
/// </summary>
public sealed class ResponseEventWriterTests
{
    [Fact]
    public async Task Relay_TypedEventUpstream_TextThenCallAsTypedEventsNumberedFromZero()
    {
        var events = await RelayAsync("llamacpp-text-then-call.sse");

        Assert.Equal(
        [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
            "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
            "response.output_text.done", "response.content_part.done", "response.output_item.done",
            "response.function_call_arguments.done", "response.output_item.done",
            "response.completed",
        ], events.Select(e => e.Name));
        AssertWellFormed(events);

        Assert.Equal(["Checking ", "the weather."], Deltas(events, "response.output_text.delta"));
        Assert.Equal(["{\"city\":", "\"Porto\"}"], Deltas(events, "response.function_call_arguments.delta"));
        var call = (JsonObject)events.Where(e => e.Name == "response.output_item.done").Last().Json["item"]!;
        Assert.Equal(("function_call", "call_llama", "get_weather", "{\"city\":\"Porto\"}", "completed"),
            ((string?)call["type"], (string?)call["call_id"], (string?)call["name"], (string?)call["arguments"], (string?)call["status"]));

        var response = events[^1].Json["response"]!;
        Assert.Equal("completed", (string?)response["status"]);
        Assert.Equal("Checking the weather.", (string?)response["output"]![0]!["content"]![0]!["text"]);
        Assert.Equal("get_weather", (string?)response["output"]![1]!["name"]);
    }

    [Fact]
    public async Task Relay_ChatChunkUpstream_ReasoningTextAndCallComeOutAsTypedItems()
    {
        // DigitalOcean's documented stream format: chat.completion.chunk deltas, with no item events at all.
        var events = await RelayAsync("chat-delta-all-parts.sse");
        AssertWellFormed(events);

        var added = events.Where(e => e.Name == "response.output_item.added").Select(e => (string?)e.Json["item"]!["type"]).ToList();
        Assert.Equal(["reasoning", "message", "function_call"], added);
        Assert.Equal(["Porto needs a lookup."], Deltas(events, "response.reasoning_text.delta"));
        Assert.Equal(["Checking the weather."], Deltas(events, "response.output_text.delta"));
        Assert.Equal(["{\"city\":\"Porto\"}"], Deltas(events, "response.function_call_arguments.delta"));
        Assert.Equal("response.completed", events[^1].Name);
        var output = events[^1].Json["response"]!["output"]!.AsArray();
        Assert.Equal([0, 1, 2], output.Select((_, i) => i));
        Assert.All(output, item => Assert.Equal("completed", (string?)item!["status"]));
        Assert.Equal("call_all", (string?)output[2]!["call_id"]);
    }

    [Fact]
    public async Task Relay_CallWhoseArgumentsArriveOnlyInTheLastEvent_StillRelayedAsAFunctionCallItem()
    {
        var events = await RelayAsync("args-only-completed.sse");
        AssertWellFormed(events);

        var calls = events[^1].Json["response"]!["output"]!.AsArray().Where(i => (string?)i!["type"] == "function_call").ToList();
        Assert.Single(calls);
        Assert.False(string.IsNullOrEmpty((string?)calls[0]!["arguments"]));
        Assert.Contains(events, e => e.Name == "response.output_item.added" && (string?)e.Json["item"]!["type"] == "function_call");
    }

    [Fact]
    public async Task Fail_AfterPartOfTheText_ResponseFailedWithTheErrorAndTheTextSoFarMarkedIncomplete()
    {
        var destination = new MemoryStream();
        var writer = new ResponseEventWriter(destination, "test-model");
        var upstream = TestClients.Direct(ReplayHandler.Sse([System.Text.Encoding.UTF8.GetBytes(SseChunks.PartialAnswer)]))
            .StreamAsync(SampleRequests.Text());

        var failure = await Assert.ThrowsAsync<ResponsesApiException>(() => writer.RelayAsync(upstream));
        await writer.FailAsync(failure.Error.Type!, failure.Message);

        var events = Read(destination);
        AssertWellFormed(events);
        Assert.Equal("response.failed", events[^1].Name);
        var response = events[^1].Json["response"]!;
        Assert.Equal("failed", (string?)response["status"]);
        Assert.Equal(failure.Error.Type, (string?)response["error"]!["code"]);
        Assert.Equal("Partial answer", (string?)response["output"]![0]!["content"]![0]!["text"]);
        Assert.Equal("incomplete", (string?)response["output"]![0]!["status"]);
        Assert.Equal("Partial answer", writer.Partial(ResponseStatus.Failed).Text);
    }

    [Fact]
    public async Task WriteToolOutput_BetweenTwoCalls_AFinishedItemNumberedAfterTheFirstCallsItems()
    {
        var destination = new MemoryStream();
        var writer = new ResponseEventWriter(destination, "test-model");
        await writer.RelayAsync(Upstream(new ResponseUpdate(ResponseUpdateKind.ToolCallDelta, "{}", 0, "call_1", "get_time")));
        await writer.WriteToolOutputAsync("call_1", "{\"time\":\"12:00\"}");
        await writer.RelayAsync(Upstream(new ResponseUpdate(ResponseUpdateKind.TextDelta, "Noon.", 0)));
        await writer.CompleteAsync(ResponseStatus.Completed, new ResponseUsage(10, 2, 12, 0, 0));

        var events = Read(destination);
        AssertWellFormed(events);
        var output = events[^1].Json["response"]!["output"]!.AsArray();
        Assert.Equal(["function_call", "function_call_output", "message"], output.Select(i => (string?)i!["type"]));
        Assert.Equal(("call_1", "{\"time\":\"12:00\"}"), ((string?)output[1]!["call_id"], (string?)output[1]!["output"]));
        var toolEvents = events.Where(e => e.Json["item"]?["type"]?.GetValue<string>() == "function_call_output").Select(e => e.Name);
        Assert.Equal(["response.output_item.added", "response.output_item.done"], toolEvents);
        Assert.Equal(2, (int)events.Last(e => e.Name == "response.output_text.delta").Json["output_index"]!);
        Assert.Equal(12, (int)events[^1].Json["response"]!["usage"]!["total_tokens"]!);
    }

    [Fact]
    public async Task Complete_Incomplete_ResponseIncompleteWithTheReason()
    {
        var destination = new MemoryStream();
        var writer = new ResponseEventWriter(destination, "test-model");
        await writer.RelayAsync(Upstream(new ResponseUpdate(ResponseUpdateKind.TextDelta, "Cut", 0)));
        await writer.CompleteAsync(ResponseStatus.Incomplete, null, "max_output_tokens");

        var events = Read(destination);
        Assert.Equal("response.incomplete", events[^1].Name);
        Assert.Equal("max_output_tokens", (string?)events[^1].Json["response"]!["incomplete_details"]!["reason"]);
    }

    [Fact]
    public async Task Relay_CallerNotReading_NoFurtherUpdateIsPulledFromUpstream()
    {
        // Backpressure: while the destination holds a write, the relay asks the upstream for nothing more.
        var destination = new GatedStream();
        var pulled = 0;
        async IAsyncEnumerable<ResponseUpdate> Counted()
        {
            for (var i = 0; i < 100; i++)
            {
                pulled++;
                yield return new ResponseUpdate(ResponseUpdateKind.TextDelta, "x", 0);
                await Task.Yield();
            }

            yield return new ResponseUpdate(ResponseUpdateKind.Completed, string.Empty, 0, result: new ResponseResult { Status = ResponseStatus.Completed, Text = new string('x', 100) });
        }

        var writer = new ResponseEventWriter(destination, "test-model");
        destination.HoldAfter(writes: 4); // created, in_progress, item added, part added: the first delta is held
        var relay = writer.RelayAsync(Counted());
        await destination.Held.Task;
        Assert.Equal(1, pulled);
        Assert.False(relay.IsCompleted);

        destination.Release();
        var result = await relay;
        Assert.Equal(100, pulled);
        Assert.Equal(new string('x', 100), result.Text);
    }

    private static async Task<IReadOnlyList<RelayedEvent>> RelayAsync(string transcript)
    {
        var destination = new MemoryStream();
        var writer = new ResponseEventWriter(destination, "test-model");
        var upstream = TestClients.Direct(ReplayHandler.Sse(Transcripts.Bytes(transcript))).StreamAsync(SampleRequests.Text());
        var result = await writer.RelayAsync(upstream);
        await writer.CompleteAsync(result.Status, result.Usage, result.IncompleteReason);
        return Read(destination);
    }

    private static async IAsyncEnumerable<ResponseUpdate> Upstream(ResponseUpdate update)
    {
        await Task.Yield();
        yield return update;
        var text = update.Kind == ResponseUpdateKind.TextDelta ? update.Delta : string.Empty;
        IReadOnlyList<ToolCall> calls = update.Kind == ResponseUpdateKind.ToolCallDelta ? [new ToolCall(update.CallId!, update.ToolName!, update.Delta)] : [];
        yield return new ResponseUpdate(ResponseUpdateKind.Completed, string.Empty, 0, result: new ResponseResult { Status = ResponseStatus.Completed, Text = text, ToolCalls = calls });
    }

    private static IReadOnlyList<RelayedEvent> Read(MemoryStream destination) =>
        SseText.Payloads(destination.ToArray()).Select(p => new RelayedEvent(p.EventName!, JsonNode.Parse(p.Data)!.AsObject())).ToList();

    private static IReadOnlyList<string> Deltas(IEnumerable<RelayedEvent> events, string name) =>
        events.Where(e => e.Name == name).Select(e => (string)e.Json["delta"]!).ToList();

    private static void AssertWellFormed(IReadOnlyList<RelayedEvent> events)
    {
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => (int)e.Json["sequence_number"]!));
        Assert.All(events, e => Assert.Equal(e.Name, (string?)e.Json["type"]));
        Assert.Equal("response.created", events[0].Name);
        var id = (string?)events[0].Json["response"]!["id"];
        Assert.All(events.Where(e => e.Json["response"] is not null), e => Assert.Equal(id, (string?)e.Json["response"]!["id"]));

        // Every delta names an item announced before it and not yet done.
        var open = new HashSet<string>();
        foreach (var e in events)
        {
            if (e.Name == "response.output_item.added")
                Assert.True(open.Add((string)e.Json["item"]!["id"]!));
            else if (e.Name == "response.output_item.done")
                Assert.True(open.Remove((string)e.Json["item"]!["id"]!));
            else if (e.Name.EndsWith(".delta", StringComparison.Ordinal))
                Assert.Contains((string)e.Json["item_id"]!, open);
        }
    }

    private sealed record RelayedEvent(string Name, JsonObject Json);

    // A destination whose writes block after a given count, until released.
    private sealed class GatedStream : MemoryStream
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writes;
        private int _holdAfter = int.MaxValue;

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void HoldAfter(int writes) => _holdAfter = writes;

        public void Release() => _release.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (++_writes > _holdAfter)
            {
                Held.TrySetResult();
                await _release.Task;
            }

            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}
