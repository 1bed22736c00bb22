using System.Text.Json;
using static Elsa.Responses.Client.Wire.WireReader;

namespace Elsa.Responses.Client.Wire;

// Reads a chat-completion chunk's choices[] (StreamEventReader reads the rest of the chunk). The chunk format sends one
// chunk per token; when System.Text.Json read the nested choice and delta objects itself, it allocated a stack of read
// frames (about 450 bytes) for every chunk.
internal static class ChatChunkReader
{
    private static readonly ObjectReader<WireChatFunction> Function = new(
        () => new WireChatFunction(),
        ("name", (ref Utf8JsonReader r, WireChatFunction x) => x.Name = ReadString(ref r)),
        ("arguments", (ref Utf8JsonReader r, WireChatFunction x) => x.Arguments = ReadString(ref r)));

    private static readonly ObjectReader<WireChatToolCall> ToolCall = new(
        () => new WireChatToolCall(),
        ("index", (ref Utf8JsonReader r, WireChatToolCall x) => x.Index = ReadInt(ref r)),
        ("id", (ref Utf8JsonReader r, WireChatToolCall x) => x.Id = ReadString(ref r)),
        ("function", (ref Utf8JsonReader r, WireChatToolCall x) => x.Function = Function.Read(ref r)));

    private static readonly ObjectReader<WireChatDelta> Delta = new(
        () => new WireChatDelta(),
        ("content", (ref Utf8JsonReader r, WireChatDelta x) => x.Content = ReadString(ref r)),
        ("reasoning_content", (ref Utf8JsonReader r, WireChatDelta x) => x.ReasoningContent = ReadString(ref r)),
        ("reasoning", (ref Utf8JsonReader r, WireChatDelta x) => x.Reasoning = ReadString(ref r)),
        ("refusal", (ref Utf8JsonReader r, WireChatDelta x) => x.Refusal = ReadString(ref r)),
        ("tool_calls", (ref Utf8JsonReader r, WireChatDelta x) => x.ToolCalls = ReadList(ref r, ToolCall)));

    /// <summary>One element of <c>choices</c>.</summary>
    public static readonly ObjectReader<WireChatChoice> Choice = new(
        () => new WireChatChoice(),
        ("index", (ref Utf8JsonReader r, WireChatChoice x) => x.Index = ReadInt(ref r)),
        ("delta", (ref Utf8JsonReader r, WireChatChoice x) => x.Delta = Delta.Read(ref r)),
        ("finish_reason", (ref Utf8JsonReader r, WireChatChoice x) => x.FinishReason = ReadString(ref r)));
}
