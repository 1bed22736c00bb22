namespace Elsa.Responses.Benchmarks.Infrastructure;

/// <summary>The bytes each scenario replays, loaded once per process.</summary>
internal static class Payloads
{
    public const string Text = "text";
    public const string FunctionCalls = "function-calls";
    public const string Long = "long-10k";
    public const string ChatRecorded = "chat-recorded";
    public const string ChatLong = "chat-long-10k";
    public const int LongDeltas = 10_000;

    public static BenchmarkPayload Get(string scenario) => scenario switch
    {
        Text => Fixtures.Load(
            "openai-dotnet/extracted/ResponsesTests/HelloWorldStreaming_gpt-4o-mini.00.POST.200.response.sse",
            () => SyntheticData.OpenAiTextStream(40)),
        FunctionCalls => Fixtures.Load(
            "charmbracelet-fantasy/extracted/TestOpenAIResponsesCommon/openai-gpt-4o/multi_tool_streaming.00.response.sse",
            () => SyntheticData.OpenAiToolStream(calls: 2, deltasPerCall: 8)),
        Long => Synthetic(SyntheticData.OpenAiTextStream(LongDeltas), $"{LongDeltas:N0} text deltas"),
        ChatRecorded => Fixtures.Load(
            "openai-python/chat_completions_streams/test_parse_nothing.e2aad469b71d.sse",
            () => SyntheticData.ChatTextStream(150)),
        ChatLong => Synthetic(SyntheticData.ChatTextStream(LongDeltas), $"{LongDeltas:N0} chat-chunk deltas"),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario."),
    };

    /// <summary>The non-streaming body: about 100 KB of message text and 20 function calls.</summary>
    public static BenchmarkPayload LargeBody() =>
        Synthetic(SyntheticData.LargeResponse(textBytes: 100 * 1024, toolCalls: 20), "100 KB of text + 20 function calls");

    /// <summary>A small non-streaming body: one short message (the recorded <c>simple.00</c> answer).</summary>
    public static BenchmarkPayload SmallBody() => Fixtures.Load(
        "charmbracelet-fantasy/extracted/TestOpenAIResponsesCommon/openai-gpt-4o/simple.00.response.json",
        () => SyntheticData.LargeResponse(textBytes: 200, toolCalls: 0));

    private static BenchmarkPayload Synthetic(byte[] bytes, string what) => new(bytes, $"synthetic, {what}");
}
