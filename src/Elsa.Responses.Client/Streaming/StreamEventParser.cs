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
            var wire = StreamEventReader.Read(trimmed, eventType);
            return wire is null ? ParsedStreamEvent.Empty : new ParsedStreamEvent(wire, eventType, null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string whose escapes do not make valid text (a lone surrogate).
            return new ParsedStreamEvent(null, eventType, exception.Message);
        }
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
