using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Elsa.Responses.Client.Wire;

// The value readers the wire readers share (ObjectReader and its tables), with the serializer's rules as the client had
// it configured: numbers may be quoted, null reads as null, and a value of the wrong kind throws a WireValueException
// (a JsonException) that says what was expected.
internal static class WireReader
{
    /// <summary>Moves to the next member of the current object; false at its end.</summary>
    public static bool NextMember(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Moves to the next element of the current array; false at its end.</summary>
    public static bool NextElement(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    /// <summary>True when the value is null; otherwise throws unless it is of the expected kind.</summary>
    public static bool IsNull(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        Expect(ref reader, expected);
        return false;
    }

    /// <summary>Throws unless the value is an object or an array, as <paramref name="type"/> says.</summary>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
            throw new WireValueException($"Expected {(type == JsonTokenType.StartArray ? "an array" : "an object")}, found {reader.TokenType}.");
    }

    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new WireValueException($"Expected a string, found {reader.TokenType}."),
    };

    public static int? ReadInt(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
        JsonTokenType.String when int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new WireValueException($"Expected an integer, found {reader.TokenType}."),
    };

    public static long? ReadLong(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt64(out var value) => value,
        JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new WireValueException($"Expected an integer, found {reader.TokenType}."),
    };

    // Times (created, created_at) are whole seconds, read as integers first: parsing them as floating point took longer.
    public static double? ReadDouble(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt64(out var whole) => whole,
        JsonTokenType.Number when reader.TryGetDouble(out var value) => value,
        JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new WireValueException($"Expected a number, found {reader.TokenType}."),
    };

    /// <summary>A string as its text, a number or true/false as written; null for null, an object or an array (skipped).</summary>
    public static string? ReadScalarText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>A string as its text; any other value but null as its JSON text, as sent.</summary>
    public static string? ReadJsonText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => JsonElement.ParseValue(ref reader).GetRawText(),
    };

    /// <summary>An array of objects (null elements are left out: nothing downstream has a use for them).</summary>
    public static List<T>? ReadList<T>(ref Utf8JsonReader reader, ObjectReader<T> element) where T : class
    {
        if (IsNull(ref reader, JsonTokenType.StartArray))
            return null;
        var list = new List<T>(1);
        while (NextElement(ref reader))
            if (element.Read(ref reader) is { } item)
                list.Add(item);
        return list;
    }
}
