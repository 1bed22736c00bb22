using System.Text.Json;
using System.Text.Json.Serialization;

namespace Elsa.Responses.Client.Wire;

// The body of POST /v1/responses, exactly as documented. Polymorphic fields are pre-built JsonElements.
internal sealed class CreateResponseBody
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("input")] public JsonElement? Input { get; set; }
    [JsonPropertyName("instructions")] public string? Instructions { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("stream_options")] public WireStreamOptions? StreamOptions { get; set; }
    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("max_output_tokens")] public int? MaxOutputTokens { get; set; }
    [JsonPropertyName("tools")] public List<JsonElement>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("metadata")] public IDictionary<string, string>? Metadata { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("text")] public WireTextOptions? Text { get; set; }

    // Additional properties land at the top level of the body.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class WireTextOptions
{
    [JsonPropertyName("format")] public WireTextFormat? Format { get; set; }
}

internal sealed class WireTextFormat
{
    [JsonPropertyName("type")] public string Type { get; set; } = "text";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("schema")] public JsonElement? Schema { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
}

internal sealed class WireStreamOptions
{
    [JsonPropertyName("include_usage")] public bool? IncludeUsage { get; set; }
}

internal sealed class WireMessageInput
{
    [JsonPropertyName("type")] public string Type { get; set; } = "message";
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public string? Content { get; set; }
}

internal sealed class WireFunctionCallInput
{
    [JsonPropertyName("type")] public string Type { get; set; } = "function_call";
    [JsonPropertyName("call_id")] public string? CallId { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}

internal sealed class WireFunctionCallOutputInput
{
    [JsonPropertyName("type")] public string Type { get; set; } = "function_call_output";
    [JsonPropertyName("call_id")] public string? CallId { get; set; }
    [JsonPropertyName("output")] public string? Output { get; set; }
}

internal sealed class WireFunctionTool
{
    [JsonPropertyName("type")] public string Type { get; set; } = "function";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parameters")] public JsonElement? Parameters { get; set; }
}

internal sealed class WireNamedFunctionChoice
{
    [JsonPropertyName("type")] public string Type { get; set; } = "function";
    [JsonPropertyName("name")] public string? Name { get; set; }
}

internal sealed class WireNestedFunctionChoice
{
    [JsonPropertyName("type")] public string Type { get; set; } = "function";
    [JsonPropertyName("function")] public WireFunctionName? Function { get; set; }
}

internal sealed class WireFunctionName
{
    [JsonPropertyName("name")] public string? Name { get; set; }
}
