using System.Dynamic;
using System.Text.Json;

namespace Elsa.Responses.Activities;

// The Json output as plain data that Elsa's expressions read by property: an object becomes an ExpandoObject
// (getJsonFromExtract().priority in JavaScript, {{ ... .priority }} in Liquid), an array a list, numbers long or double.
internal static class JsonOutputValue
{
    public static object? From(JsonElement? json) => json is { } value ? Plain(value) : null;

    private static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => Expando(value),
        JsonValueKind.Array => value.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static ExpandoObject Expando(JsonElement value)
    {
        var expando = new ExpandoObject();
        IDictionary<string, object?> properties = expando;
        foreach (var property in value.EnumerateObject())
            properties[property.Name] = Plain(property.Value);
        return expando;
    }
}
