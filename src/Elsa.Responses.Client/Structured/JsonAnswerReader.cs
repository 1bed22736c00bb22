using System.Text;
using System.Text.Json;

namespace Elsa.Responses.Client.Structured;

// Reads the JSON value of an answer that should be JSON. Accepted: the value alone; one fenced ``` block (```json or
// bare) holding it; or prose before the first { or [ of the one value. Anything that leaves a choice (two fenced
// blocks, two values) or no value is refused, with the reason.
internal static class JsonAnswerReader
{
    public static bool TryRead(string text, out JsonElement value, out string? problem)
    {
        value = default;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "the answer is empty, not JSON";
            return false;
        }

        if (TryParseWhole(text.Trim(), out value))
            return true;

        var fences = Fenced(text);
        if (fences.Count > 1)
        {
            problem = $"the answer has {fences.Count} fenced blocks; answer with one JSON value";
            return false;
        }

        if (fences.Count == 1)
        {
            if (TryParseWhole(fences[0].Trim(), out value))
                return true;
            problem = "the fenced block does not hold one valid JSON value";
            return false;
        }

        var values = ValuesIn(text);
        if (values.Count == 1)
        {
            value = values[0];
            return true;
        }

        problem = values.Count == 0 ? "the answer holds no JSON object or array" : $"the answer holds {values.Count} JSON values; answer with one";
        return false;
    }

    private static bool TryParseWhole(string text, out JsonElement value)
    {
        value = default;
        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The contents of each ```…``` block; the first line's info string (json) is dropped.
    private static List<string> Fenced(string text)
    {
        var blocks = new List<string>();
        var start = 0;
        while (text.IndexOf("```", start, StringComparison.Ordinal) is var open and >= 0)
        {
            var contentStart = text.IndexOf('\n', open + 3);
            if (contentStart < 0)
                break;
            var close = text.IndexOf("```", contentStart + 1, StringComparison.Ordinal);
            if (close < 0)
                break;
            blocks.Add(text[(contentStart + 1)..close]);
            start = close + 3;
        }

        return blocks;
    }

    // Every complete JSON object or array that starts at a { or [ in the text, outside the values already found.
    private static List<JsonElement> ValuesIn(string text)
    {
        var values = new List<JsonElement>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var position = 0;
        while (position < bytes.Length)
        {
            var next = bytes.AsSpan(position).IndexOfAny((byte)'{', (byte)'[');
            if (next < 0)
                break;
            position += next;
            var reader = new Utf8JsonReader(bytes.AsSpan(position));
            try
            {
                using var document = JsonDocument.ParseValue(ref reader);
                values.Add(document.RootElement.Clone());
                position += (int)reader.BytesConsumed;
            }
            catch (JsonException)
            {
                position++;
            }
        }

        return values;
    }
}
