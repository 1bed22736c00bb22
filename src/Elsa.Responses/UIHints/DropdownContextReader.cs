using System.Text.Json;

namespace Elsa.Responses.UIHints;

// Elsa Studio (3.8) refreshes a dropdown by posting the activity's inputs as the context, keyed by camel-cased input name:
// {"connection":{"typeName":"String","expression":{"type":"Literal","value":"local"}}, ...}. The server receives it as a
// JsonElement. Only a literal value is read; anything else (no context, an expression, an unexpected shape) gives null.
internal static class DropdownContextReader
{
    public static string? ReadLiteral(object? context, string inputName)
    {
        try
        {
            var element = context switch
            {
                JsonElement json => json,
                null => default,
                _ => JsonSerializer.SerializeToElement(context),
            };
            if (element.ValueKind != JsonValueKind.Object)
                return null;

            var input = element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, inputName, StringComparison.OrdinalIgnoreCase)).Value;
            if (input.ValueKind == JsonValueKind.String)
                return NullIfBlank(input.GetString());
            if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("expression", out var expression) || expression.ValueKind != JsonValueKind.Object)
                return null;
            if (!expression.TryGetProperty("type", out var type) || type.GetString() != "Literal")
                return null;
            return expression.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String ? NullIfBlank(value.GetString()) : null;
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
