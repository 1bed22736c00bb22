using System.Buffers;
using System.Text.Json;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Mapping;

// Writes output items for results that have no response object to copy them from (chat-chunk streams, partial results),
// in the shape the Responses API accepts back as input.
internal static class OutputItemWriter
{
    // A message with its text part, its refusal part, or both (either may be empty, not both).
    public static JsonElement Message(string text, string? refusal) => Write(writer =>
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

    public static JsonElement FunctionCall(ToolCall call) => Write(writer =>
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
