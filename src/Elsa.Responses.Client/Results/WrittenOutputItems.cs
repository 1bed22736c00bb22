using System.Buffers;
using System.Text.Json;

namespace Elsa.Responses.Client.Results;

// The output items of a result that has no response object to copy them from (a chat-chunk stream, a partial result):
// a message with the text and the refusal, if there is either, then each function call, in the shape the Responses API
// accepts back as input. Written as JSON when ResponseResult.OutputItems is first read, not for every stream.
internal sealed class WrittenOutputItems(string text, string? refusal, IReadOnlyList<ToolCall> toolCalls)
{
    private IReadOnlyList<JsonElement>? _items;

    public string Text => text;
    public string? Refusal => refusal;
    public IReadOnlyList<ToolCall> ToolCalls => toolCalls;

    // Two threads that read it first each write it once: the elements are alike, and either may stay.
    public IReadOnlyList<JsonElement> Items => _items ??= Write();

    private List<JsonElement> Write()
    {
        var items = new List<JsonElement>(toolCalls.Count + 1);
        if (text.Length > 0 || refusal is not null)
            items.Add(Message(text, refusal));
        items.AddRange(toolCalls.Select(FunctionCall));
        return items;
    }

    // A message with its text part, its refusal part, or both (either may be empty, not both).
    private static JsonElement Message(string text, string? refusal) => Write(writer =>
    {
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteStartArray("content");
        if (text.Length > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "output_text");
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        if (!string.IsNullOrEmpty(refusal))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "refusal");
            writer.WriteString("refusal", refusal);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static JsonElement FunctionCall(ToolCall call) => Write(writer =>
    {
        writer.WriteString("type", "function_call");
        writer.WriteString("call_id", call.CallId);
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", call.Arguments);
    });

    private static JsonElement Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
