using System.Runtime.InteropServices;
using System.Text.Json;

namespace Elsa.Responses.Client.Results;

// A response object as the server sent it, behind ResponseResult.Raw and OutputItems. A stream's terminal object is kept
// as its bytes and parsed on first use: most callers read the text and the tool calls, and parsing it again for a Raw
// nobody reads took about a seventh of a short stream's time. A body parsed whole is kept as its (cloned) element.
internal sealed class RawResponseJson
{
    private readonly byte[]? _utf8;
    private JsonElement? _element;
    private IReadOnlyList<JsonElement>? _outputItems;

    private RawResponseJson(byte[]? utf8, JsonElement? element) => (_utf8, _element) = (utf8, element);

    /// <summary>A copy of the object's bytes, parsed when <see cref="Element"/> is first read.</summary>
    public static RawResponseJson Copy(ReadOnlySpan<byte> utf8) => new(utf8.ToArray(), null);

    /// <summary>An object already parsed: a copy that outlives the document it came from.</summary>
    public static RawResponseJson Of(JsonElement element) => new(null, element.Clone());

    /// <summary>The object's bytes as sent, without parsing them.</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8 ?? JsonMarshal.GetRawUtf8Value(_element!.Value);

    // Two threads that read it first each parse it once: the elements are alike, and either may stay.
    public JsonElement Element => _element ??= Parse(_utf8!);

    /// <summary>The items of its <c>output</c> array, as views into <see cref="Element"/>.</summary>
    public IReadOnlyList<JsonElement> OutputItems => _outputItems ??=
        Element.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Array ? output.EnumerateArray().ToArray() : [];

    private static JsonElement Parse(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return document.RootElement.Clone();
    }
}
