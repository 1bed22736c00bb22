using System.Text.Json;
using Elsa.Responses.Client.Structured;
using Json.Schema;

namespace Elsa.Responses.Client.Requests;

/// <summary>
/// <c>text.format</c>: what shape the answer takes. <see cref="Text"/> (plain text), <see cref="JsonObject"/> (any JSON
/// object) or <see cref="JsonSchema"/> (JSON that matches a schema), sent as OpenAI's Responses API documents them:
/// <c>{"type":"json_schema","name":…,"schema":{…},"strict":true}</c>. Many OpenAI-compatible servers ignore it, so the
/// client checks the answer itself (<see cref="Results.ResponseResult.Json"/>, <see cref="Results.ResponseResult.SchemaErrors"/>).
/// </summary>
public sealed class TextFormat
{
    private readonly Lazy<Json.Schema.JsonSchema?> _compiled;

    private TextFormat(string type, string? name, JsonElement? schema, bool? strict, string? description)
    {
        Type = type;
        Name = name;
        Schema = schema;
        Strict = strict;
        Description = description;
        _compiled = new(() => Schema is { } s ? SchemaCheck.TryCompile(s, out var compiled, out _) ? compiled : null : null);
    }

    /// <summary><c>text</c>, <c>json_object</c> or <c>json_schema</c> (see <see cref="TextFormatTypes"/>).</summary>
    public string Type { get; }

    /// <summary>The schema's name (json_schema only): letters, digits, <c>_</c> and <c>-</c>, at most 64.</summary>
    public string? Name { get; }

    /// <summary>The JSON Schema the answer must match (json_schema only).</summary>
    public JsonElement? Schema { get; }

    /// <summary>Ask the server to follow the schema strictly (json_schema only); null leaves it unset.</summary>
    public bool? Strict { get; }

    /// <summary>What the answer is for, shown to the model (json_schema only).</summary>
    public string? Description { get; }

    /// <summary>True for json_object and json_schema: the answer is JSON, and the client parses and checks it.</summary>
    public bool ExpectsJson => Type is TextFormatTypes.JsonObject or TextFormatTypes.JsonSchema;

    /// <summary>Plain text, the default.</summary>
    public static TextFormat Text { get; } = new(TextFormatTypes.Text, null, null, null, null);

    /// <summary>Any JSON object.</summary>
    public static TextFormat JsonObject { get; } = new(TextFormatTypes.JsonObject, null, null, null, null);

    /// <summary>JSON that matches <paramref name="schema"/>. The schema is checked with the request, before anything is sent.</summary>
    public static TextFormat JsonSchema(string name, JsonElement schema, bool? strict = true, string? description = null) =>
        new(TextFormatTypes.JsonSchema, name, schema.Clone(), strict, description);

    // The schema, compiled once; null when it is not a valid JSON Schema (the validator reports why).
    internal Json.Schema.JsonSchema? CompiledSchema => _compiled.Value;
}

/// <summary>The values of <see cref="TextFormat.Type"/>.</summary>
public static class TextFormatTypes
{
    /// <summary>Plain text.</summary>
    public const string Text = "text";

    /// <summary>Any JSON object.</summary>
    public const string JsonObject = "json_object";

    /// <summary>JSON that matches a schema.</summary>
    public const string JsonSchema = "json_schema";
}
