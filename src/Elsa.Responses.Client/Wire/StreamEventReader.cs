using System.Text;
using System.Text.Json;
using Elsa.Responses.Client.Results;
using static Elsa.Responses.Client.Wire.WireReader;

namespace Elsa.Responses.Client.Wire;

// Reads one stream event's data (a typed Responses event or a chat-completion chunk) into a WireStreamEvent, by hand:
// an event comes once per token, and the serializer's metadata-driven reader spent about twice as long on it as parsing
// the same bytes into a JsonDocument (see ResponseObjectReader). The rules are the serializer's (WireReader); the data
// must be one JSON object (or null, read as no event), with nothing after it.
internal static class StreamEventReader
{
    private static readonly string[] TerminalTypes = ["response.completed", "response.incomplete", "response.failed"];
    private static readonly string[] HeaderTypes = ["response.created", "response.in_progress", "response.queued"];

    // The event types that come once per token or item, handed out as these strings instead of a new one per event.
    private static readonly (byte[] Utf8, string Text)[] CommonTypes =
    [
        .. new[]
        {
            "response.output_text.delta", "response.function_call_arguments.delta", "response.reasoning_text.delta",
            "response.reasoning_summary_text.delta", "response.refusal.delta", "response.output_item.added",
            "response.output_item.done", "response.content_part.added", "response.content_part.done",
            "response.output_text.done", "response.function_call_arguments.done", "response.created",
            "response.in_progress", "response.completed",
        }.Select(type => (Encoding.UTF8.GetBytes(type), type)),
    ];

    // Values every event of a stream repeats: each delta its item's id, each chat chunk the completion's id, object and model.
    private static readonly RepeatedText ItemIds = new();
    private static readonly RepeatedText ChunkIds = new();
    private static readonly RepeatedText ChunkObjects = new();
    private static readonly RepeatedText ChunkModels = new();

    private static readonly ObjectReader<WireStreamEvent> Event = new(
        () => new WireStreamEvent(),
        ("type", (ref Utf8JsonReader r, WireStreamEvent e) => e.Type = ReadType(ref r)),
        ("delta", (ref Utf8JsonReader r, WireStreamEvent e) => e.Delta = ReadStringOrSkip(ref r)),
        ("item_id", (ref Utf8JsonReader r, WireStreamEvent e) => e.ItemId = ItemIds.Read(ref r)),
        ("output_index", (ref Utf8JsonReader r, WireStreamEvent e) => e.OutputIndex = ReadInt(ref r)),
        ("content_index", (ref Utf8JsonReader r, WireStreamEvent e) => e.ContentIndex = ReadInt(ref r)),
        ("summary_index", (ref Utf8JsonReader r, WireStreamEvent e) => e.SummaryIndex = ReadInt(ref r)),
        ("text", (ref Utf8JsonReader r, WireStreamEvent e) => e.Text = ReadString(ref r)),
        ("arguments", (ref Utf8JsonReader r, WireStreamEvent e) => e.Arguments = ReadString(ref r)),
        ("refusal", (ref Utf8JsonReader r, WireStreamEvent e) => e.Refusal = ReadString(ref r)),
        ("item", (ref Utf8JsonReader r, WireStreamEvent e) => e.Item = ResponseObjectReader.OutputItem.Read(ref r)),
        ("response", ReadResponse),
        ("error", (ref Utf8JsonReader r, WireStreamEvent e) => e.Error = ResponseObjectReader.Error.Read(ref r)),
        ("code", (ref Utf8JsonReader r, WireStreamEvent e) => e.Code = ReadScalarText(ref r)),
        ("message", (ref Utf8JsonReader r, WireStreamEvent e) => e.Message = ReadString(ref r)),
        ("param", (ref Utf8JsonReader r, WireStreamEvent e) => e.Param = ReadScalarText(ref r)),
        ("choices", (ref Utf8JsonReader r, WireStreamEvent e) => e.Choices = ReadList(ref r, ChatChunkReader.Choice)),
        ("usage", (ref Utf8JsonReader r, WireStreamEvent e) => e.Usage = ResponseObjectReader.Usage.Read(ref r)),
        ("id", (ref Utf8JsonReader r, WireStreamEvent e) => e.Id = ChunkIds.Read(ref r)),
        ("object", (ref Utf8JsonReader r, WireStreamEvent e) => e.Object = ChunkObjects.Read(ref r)),
        ("model", (ref Utf8JsonReader r, WireStreamEvent e) => e.Model = ChunkModels.Read(ref r)),
        ("created", (ref Utf8JsonReader r, WireStreamEvent e) => e.Created = ReadDouble(ref r)));

    /// <summary>
    /// The event, or null when the data is JSON null. <paramref name="sseEventType"/> (the SSE <c>event:</c> name) stands
    /// in for a missing <c>type</c>. A terminal event also gets its response object as sent, in <c>RawResponse</c>.
    /// </summary>
    /// <exception cref="JsonException">The data is not a JSON object, or a member has a value of the wrong kind.</exception>
    public static WireStreamEvent? Read(ReadOnlySpan<byte> data, string? sseEventType)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        if (IsNull(ref reader, JsonTokenType.StartObject))
        {
            EndOfData(ref reader);
            return null;
        }

        var e = new WireStreamEvent { SseEventType = sseEventType is null or "message" ? null : sseEventType };
        Event.ReadMembers(ref reader, e);
        EndOfData(ref reader);
        // The terminal response object is also kept as sent (ResponseResult.Raw): one event per stream pays for the copy
        // of its bytes, and nothing parses them again unless Raw or OutputItems is read.
        if (e.Response is not null && TerminalTypes.Contains(e.Type ?? e.SseEventType))
            e.RawResponse = RawResponseJson.Copy(data[e.ResponseBytes]);
        return e;
    }

    // created and in_progress repeat the request: when the type is already known, only their header is read.
    private static void ReadResponse(ref Utf8JsonReader reader, WireStreamEvent e)
    {
        var start = (int)reader.TokenStartIndex;
        e.Response = HeaderTypes.Contains(e.Type ?? e.SseEventType)
            ? ResponseObjectReader.ResponseHeader.Read(ref reader)
            : ResponseObjectReader.Response.Read(ref reader);
        e.ResponseBytes = start..(int)reader.BytesConsumed;
    }

    private static string? ReadType(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
            foreach (var (utf8, text) in CommonTypes)
                if (reader.ValueSpan.SequenceEqual(utf8))
                    return text;
        return ReadString(ref reader);
    }

    // delta is a string in typed events; any other value (an object from a server that puts a chat-style delta at the
    // top level) is skipped and reads as null.
    private static string? ReadStringOrSkip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString();
        reader.Skip();
        return null;
    }

    // One JSON value per event: anything after it is an error, as the serializer has it.
    private static void EndOfData(ref Utf8JsonReader reader)
    {
        if (reader.Read())
            throw new JsonException($"Unexpected {reader.TokenType} after the event's JSON value.");
    }
}
