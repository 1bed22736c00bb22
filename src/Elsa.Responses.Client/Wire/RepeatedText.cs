using System.Text.Json;

namespace Elsa.Responses.Client.Wire;

// A string member whose value repeats from one stream event to the next (an item id on every delta, a chat chunk's id
// and model): the string read last on this thread is handed out again when the bytes are the same, instead of a new one
// per event. Strings are immutable, so sharing one between streams changes nothing but the allocations.
internal sealed class RepeatedText
{
    [ThreadStatic]
    private static Dictionary<RepeatedText, (byte[] Utf8, string Text)>? _last;

    public string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
            return WireReader.ReadString(ref reader);
        var last = _last ??= [];
        var bytes = reader.ValueSpan;
        if (last.TryGetValue(this, out var previous) && bytes.SequenceEqual(previous.Utf8))
            return previous.Text;
        var text = reader.GetString()!;
        last[this] = (bytes.ToArray(), text);
        return text;
    }
}
