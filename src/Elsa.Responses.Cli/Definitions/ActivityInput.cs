using System.Text.Json;

namespace Elsa.Responses.Cli.Definitions;

// One input property of an activity in Elsa 3 workflow definition JSON:
// {"typeName":"String","expression":{"type":"Literal","value":"..."}}, keyed by the camelCase input name.
internal readonly record struct ActivityInput(JsonElement? Literal, string? ExpressionType)
{
    public static ActivityInput Absent => default;

    public bool IsExpression => ExpressionType is not null;

    public static ActivityInput Read(JsonElement activity, string name)
    {
        // "metadata" also names the designer's own metadata on every activity: only an object with an expression is an input.
        if (!activity.TryGetProperty(name, out var input) || input.ValueKind != JsonValueKind.Object ||
            !input.TryGetProperty("expression", out var expression) || expression.ValueKind != JsonValueKind.Object)
            return Absent;

        var value = expression.TryGetProperty("value", out var v) ? v : default;
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ||
            (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
            return Absent;

        var type = expression.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        // "Object" is Elsa's literal JSON value: data, not code, so it can be read here like a Literal.
        return type is null or "Literal" or "Object"
            ? new ActivityInput(value.Clone(), null)
            : new ActivityInput(null, type);
    }

    /// <summary>The literal as text: a string as is, any other JSON value as its JSON.</summary>
    public string? Text => Literal is { } value
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
        : null;
}
