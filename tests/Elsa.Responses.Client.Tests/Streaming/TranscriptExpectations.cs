using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Tests.Streaming;

/// <summary>What each successful hand-written transcript must come to, written out by hand.</summary>
internal static class TranscriptExpectations
{
    public sealed record Expectation(string Text, string Reasoning, ToolCall[] ToolCalls, string Status = "completed", string? Refusal = null);

    public static readonly IReadOnlyDictionary<string, Expectation> Successes = new Dictionary<string, Expectation>
    {
        ["text-unicode.sse"] = new("Olá, café ☕ naïve — 👋🏽 日本語!", "", []),
        ["framing-comments-keepalive.sse"] = new("Hello, world!", "", []),
        ["framing-data-no-space.sse"] = new("No space after data:", "", []),
        ["framing-multiline-data.sse"] = new("Multi-line data joins.", "", []),
        ["framing-no-trailing-blank-line.sse"] = new("Last event has no blank line.", "", []),
        ["framing-no-event-lines.sse"] = new("Dispatch on data.type.", "", []),
        ["chat-done-then-garbage.sse"] = new("Chunk text.", "", []),
        ["done-after-terminal.sse"] = new("Stops at the terminal event.", "", []),
        ["sequence-missing-out-of-order.sse"] = new("Arrival order, not sequence numbers.", "", []),
        ["unknown-events.sse"] = new("Known text survives.", "", []),
        ["copilot-rotating-ids.sse"] = new("Ids change on every event.", "Think first.", []),
        ["args-many-deltas.sse"] = new("Checking.", "", [new("call_many", "get_weather", """{"city":"Lisboa","unit":"c"}""")]),
        ["args-one-delta.sse"] = new("", "", [new("call_one", "get_time", """{"zone":"Europe/Lisbon"}""")]),
        ["args-only-done.sse"] = new("", "", [new("call_done", "lookup", """{"id":42}""")]),
        ["args-only-output-item-done.sse"] = new("", "", [new("call_itemdone", "search", """{"q":"elsa"}""")]),
        ["args-only-completed.sse"] = new("", "", [new("call_final", "book", """{"seats":2}""")]),
        ["chat-delta-all-parts.sse"] = new("Checking the weather.", "Porto needs a lookup.", [new("call_all", "get_weather", """{"city":"Porto"}""")]),
        ["chat-two-calls-one-chunk.sse"] = new("", "", [new("call_weather", "get_weather", """{"city":"Porto"}"""), new("call_time", "get_time", """{"zone":"WET"}""")]),
        ["chat-tool-calls-by-id.sse"] = new("", "", [new("call_weather", "get_weather", """{"city":"Porto"}"""), new("call_time", "get_time", """{"zone":"WET"}""")]),
        ["chat-tool-calls-in-arrival-order.sse"] = new("", "", [new("", "get_weather", """{"city":"Porto"}"""), new("", "get_time", """{"zone":"WET"}""")]),
        ["chat-refusal.sse"] = new("", "", [], Refusal: "I can't help with that."),
        ["refusal-typed.sse"] = new("", "", [], Refusal: "I can't help with that."),
        ["llamacpp-text-then-call.sse"] = new("Checking the weather.", "", [new("call_llama", "get_weather", """{"city":"Porto"}""")]),
    };

    public static void AssertMatches(string transcript, ResponseResult result)
    {
        var expected = Successes[transcript];
        Assert.Equal(expected.Status, result.Status.Value);
        Assert.Equal(expected.Text, result.Text);
        Assert.Equal(expected.Reasoning, result.Reasoning);
        Assert.Equal(expected.ToolCalls, result.ToolCalls);
        Assert.Equal(expected.Refusal, result.Refusal);
    }
}
