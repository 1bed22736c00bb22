using System.Text.Json;
using System.Text.Json.Serialization;

namespace Elsa.Responses.Client.Wire;

// Reads a chunk's choices[] by hand. The chunk format sends one chunk per token, and when the serializer reads the
// nested choice and delta objects itself it allocates a stack of read frames (about 450 bytes) for every chunk.
// Same rules as the serializer: unknown members are skipped, numbers may be quoted, a value of the wrong kind throws.
internal sealed class ChatChoicesConverter : JsonConverter<List<WireChatChoice>?>
{
    public override bool HandleNull => true;

    public override List<WireChatChoice>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartArray);
        var choices = new List<WireChatChoice>(1);
        while (NextElement(ref reader))
        {
            var choice = new WireChatChoice();
            Expect(ref reader, JsonTokenType.StartObject);
            while (NextMember(ref reader))
            {
                if (At(ref reader, "delta"u8))
                    choice.Delta = ReadDelta(ref reader);
                else if (At(ref reader, "index"u8))
                    choice.Index = ReadInt(ref reader);
                else if (At(ref reader, "finish_reason"u8))
                    choice.FinishReason = ReadString(ref reader);
                else
                    SkipValue(ref reader);
            }

            choices.Add(choice);
        }

        return choices;
    }

    public override void Write(Utf8JsonWriter writer, List<WireChatChoice>? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Chat chunks are only read.");

    private static WireChatDelta? ReadDelta(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var delta = new WireChatDelta();
        while (NextMember(ref reader))
        {
            if (At(ref reader, "content"u8))
                delta.Content = ReadString(ref reader);
            else if (At(ref reader, "reasoning_content"u8))
                delta.ReasoningContent = ReadString(ref reader);
            else if (At(ref reader, "reasoning"u8))
                delta.Reasoning = ReadString(ref reader);
            else if (At(ref reader, "refusal"u8))
                delta.Refusal = ReadString(ref reader);
            else if (At(ref reader, "tool_calls"u8))
                delta.ToolCalls = ReadToolCalls(ref reader);
            else
                SkipValue(ref reader);
        }

        return delta;
    }

    private static List<WireChatToolCall>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartArray);
        var calls = new List<WireChatToolCall>(1);
        while (NextElement(ref reader))
        {
            Expect(ref reader, JsonTokenType.StartObject);
            var call = new WireChatToolCall();
            while (NextMember(ref reader))
            {
                if (At(ref reader, "index"u8))
                    call.Index = ReadInt(ref reader);
                else if (At(ref reader, "id"u8))
                    call.Id = ReadString(ref reader);
                else if (At(ref reader, "function"u8))
                    call.Function = ReadFunction(ref reader);
                else
                    SkipValue(ref reader);
            }

            calls.Add(call);
        }

        return calls;
    }

    private static WireChatFunction? ReadFunction(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var function = new WireChatFunction();
        while (NextMember(ref reader))
        {
            if (At(ref reader, "name"u8))
                function.Name = ReadString(ref reader);
            else if (At(ref reader, "arguments"u8))
                function.Arguments = ReadString(ref reader);
            else
                SkipValue(ref reader);
        }

        return function;
    }

    private static bool NextMember(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static bool NextElement(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    // True, with the reader moved onto the value, when the current member is the one named.
    private static bool At(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueTextEquals(name))
            return false;
        reader.Read();
        return true;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new JsonException($"Expected a string, found {reader.TokenType}."),
    };

    private static int? ReadInt(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => reader.GetInt32(),
        JsonTokenType.String when int.TryParse(reader.GetString(), out var value) => value,
        _ => throw new JsonException($"Expected an integer, found {reader.TokenType}."),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
            throw new JsonException($"Expected {type}, found {reader.TokenType}.");
    }
}
