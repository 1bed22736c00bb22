using System.Text.Json;
using Elsa.Responses.Client.Wire;

namespace Elsa.Responses.Client.Streaming;

// Turns one SSE data payload into a typed event; called by SseParser for each event.
internal static class StreamEventParser
{
    public static ParsedStreamEvent Parse(string eventType, ReadOnlySpan<byte> data)
    {
        var trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
            return ParsedStreamEvent.Empty;
        if (trimmed.SequenceEqual("[DONE]"u8))
            return ParsedStreamEvent.Done;

        try
        {
            var wire = JsonSerializer.Deserialize(trimmed, ResponsesJsonContext.Default.WireStreamEvent);
            if (wire is null)
                return ParsedStreamEvent.Empty;
            if (wire.Response is not null && (wire.Type ?? eventType) is "response.completed" or "response.incomplete" or "response.failed")
                wire.RawResponse = RawResponse(trimmed);
            return new ParsedStreamEvent(wire, eventType, null);
        }
        catch (JsonException exception)
        {
            return new ParsedStreamEvent(null, eventType, exception.Message);
        }
    }

    // The terminal event's "response" value, copied out as sent: one event per stream pays for this second read.
    private static JsonElement? RawResponse(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isResponse = reader.ValueTextEquals("response"u8);
            reader.Read();
            if (isResponse)
                return JsonElement.ParseValue(ref reader);
            reader.Skip();
        }

        return null;
    }
}

// A struct: one is made per event, and SseParser hands it on by value inside SseItem.
internal readonly struct ParsedStreamEvent(WireStreamEvent? wire, string? eventType, string? parseError)
{
    public static readonly ParsedStreamEvent Empty = new(null, null, null);
    public static readonly ParsedStreamEvent Done = new(null, null, null) { IsDone = true };

    public WireStreamEvent? Wire { get; } = wire;
    public string? EventType { get; } = eventType;
    public string? ParseError { get; } = parseError;
    public bool IsDone { get; private init; }
}
