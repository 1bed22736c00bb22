using System.Runtime.InteropServices;
using System.Text.Json;

namespace Elsa.Responses.Client.Results;

// A response object as the server sent it, behind ResponseResult.Raw and OutputItems. A stream's terminal object is kept
// as its bytes and parsed on first use: most callers read the text and the tool calls, and parsing it again for a Raw
// nobody reads took about a seventh of a short stream's time. A body parsed whole is kept as its (cloned) element.
internal sealed class RawResponseJson
{
    private readonly byte[]? _utf8;

    // One reference, written whole: a result read from two threads at once sees either no parse or a whole one (two
    // threads that read it first may each parse it; the elements are alike, and either may stay).
    private Parsed? _parsed;

    private RawResponseJson(byte[]? utf8, Parsed? parsed) => (_utf8, _parsed) = (utf8, parsed);

    /// <summary>A copy of the object's bytes, parsed when <see cref="Element"/> is first read.</summary>
    public static RawResponseJson Copy(ReadOnlySpan<byte> utf8) => new(utf8.ToArray(), null);

    /// <summary>An object already parsed: a copy that outlives the document it came from.</summary>
    public static RawResponseJson Of(JsonElement element) => new(null, Parsed.From(element.Clone()));

    /// <summary>The object's bytes as sent, without parsing them.</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8 ?? JsonMarshal.GetRawUtf8Value(_parsed!.Element);

    public JsonElement Element => (_parsed ??= Parse(_utf8!)).Element;

    /// <summary>The items of its <c>output</c> array, as views into <see cref="Element"/>.</summary>
    public IReadOnlyList<JsonElement> OutputItems => (_parsed ??= Parse(_utf8!)).OutputItems;

    private static Parsed Parse(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return Parsed.From(document.RootElement.Clone());
    }

    private sealed record Parsed(JsonElement Element, IReadOnlyList<JsonElement> OutputItems)
    {
        public static Parsed From(JsonElement element) => new(element,
            element.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Array ? output.EnumerateArray().ToArray() : []);
    }
}
