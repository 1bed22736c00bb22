using System.Text.Json;

namespace Elsa.Responses.Client.Requests;

/// <summary>
/// The <c>tool_choice</c> field: one of the modes <c>auto</c>, <c>none</c>, <c>required</c>, or a function the model must
/// call.
/// </summary>
public sealed class ToolChoice
{
    private ToolChoice(string? mode, string? functionName, ToolChoiceFunctionStyle style, JsonElement? raw)
    {
        Mode = mode;
        FunctionName = functionName;
        Style = style;
        Raw = raw;
    }

    /// <summary>Let the model decide.</summary>
    public static ToolChoice Auto { get; } = new("auto", null, default, null);

    /// <summary>Call no tool.</summary>
    public static ToolChoice None { get; } = new("none", null, default, null);

    /// <summary>Call at least one tool.</summary>
    public static ToolChoice Required { get; } = new("required", null, default, null);

    /// <summary><c>auto</c>, <c>none</c> or <c>required</c>; null for a named function or raw JSON.</summary>
    public string? Mode { get; }

    /// <summary>The function the model must call; null for a mode.</summary>
    public string? FunctionName { get; }

    // Which object form a named function is written in.
    internal ToolChoiceFunctionStyle Style { get; }

    /// <summary>A tool choice given as a JSON object of a form this type does not model; sent as is.</summary>
    public JsonElement? Raw { get; }

    /// <summary>Forces a call to the named function.</summary>
    public static ToolChoice Function(string name) => Function(name, ToolChoiceFunctionStyle.OpenAI);

    internal static ToolChoice Function(string name, ToolChoiceFunctionStyle style) =>
        new(null, name ?? throw new ArgumentNullException(nameof(name)), style, null);

    /// <summary>
    /// Reads what a person typed: <c>auto</c>, <c>none</c> or <c>required</c>; a JSON object in either function form
    /// (<c>{"type":"function","name":…}</c> or <c>{"type":"function","function":{"name":…}}</c>); otherwise a function name.
    /// Internal: people's text reaches it through <see cref="RequestInputMapper"/> and the CLI.
    /// </summary>
    internal static ToolChoice Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        switch (trimmed)
        {
            case "auto": return Auto;
            case "none": return None;
            case "required": return Required;
        }

        if (!trimmed.StartsWith('{'))
            return Function(trimmed);

        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            json = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new FormatException($"tool_choice looks like a JSON object but is not valid JSON: {exception.Message}", exception);
        }

        if (json.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "function")
        {
            if (json.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                return Function(name.GetString()!, ToolChoiceFunctionStyle.OpenAI);
            if (json.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object &&
                function.TryGetProperty("name", out var nestedName) && nestedName.ValueKind == JsonValueKind.String)
                return Function(nestedName.GetString()!, ToolChoiceFunctionStyle.Nested);
        }

        return new ToolChoice(null, null, default, json);
    }

    /// <inheritdoc />
    public override string ToString() => Mode ?? FunctionName ?? Raw?.GetRawText() ?? string.Empty;
}

// The two object forms of a named-function tool choice: the one a person typed is sent back the same way.
internal enum ToolChoiceFunctionStyle
{
    /// <summary><c>{"type":"function","name":"…"}</c>, as OpenAI documents.</summary>
    OpenAI,

    /// <summary><c>{"type":"function","function":{"name":"…"}}</c>, as DigitalOcean's spec documents.</summary>
    Nested,
}
