using System.Text.Json.Serialization;

namespace Elsa.Responses.Client.Wire;

// What servers send back. Every member is optional and unknown members are ignored: servers differ (fixtures README §4).
internal sealed class WireResponse
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("created_at")] public double? CreatedAt { get; set; }
    [JsonPropertyName("created")] public double? Created { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("output")] public List<WireOutputItem>? Output { get; set; }
    [JsonPropertyName("usage")] public WireUsage? Usage { get; set; }
    [JsonPropertyName("incomplete_details")] public WireIncompleteDetails? IncompleteDetails { get; set; }
    [JsonPropertyName("error")] public WireError? Error { get; set; }
}

internal sealed class WireOutputItem
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("call_id")] public string? CallId { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    // A string of JSON on every recorded server; a server that sends the object itself gets its JSON text here.
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
    [JsonPropertyName("content")] public List<WireContentPart>? Content { get; set; }
    [JsonPropertyName("summary")] public List<WireContentPart>? Summary { get; set; }
}

internal sealed class WireContentPart
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }
}

internal sealed class WireUsage
{
    [JsonPropertyName("input_tokens")] public long? InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long? OutputTokens { get; set; }
    [JsonPropertyName("total_tokens")] public long? TotalTokens { get; set; }
    [JsonPropertyName("input_tokens_details")] public WireTokenDetails? InputTokensDetails { get; set; }
    [JsonPropertyName("output_tokens_details")] public WireTokenDetails? OutputTokensDetails { get; set; }

    // Chat-completions names, used by chunk-format streams.
    [JsonPropertyName("prompt_tokens")] public long? PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public long? CompletionTokens { get; set; }
    [JsonPropertyName("prompt_tokens_details")] public WireTokenDetails? PromptTokensDetails { get; set; }
    [JsonPropertyName("completion_tokens_details")] public WireTokenDetails? CompletionTokensDetails { get; set; }
}

internal sealed class WireTokenDetails
{
    [JsonPropertyName("cached_tokens")] public long? CachedTokens { get; set; }
    [JsonPropertyName("reasoning_tokens")] public long? ReasoningTokens { get; set; }
}

internal sealed class WireIncompleteDetails
{
    [JsonPropertyName("reason")] public string? Reason { get; set; }
}

internal sealed class WireError
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    // A string, null, or (vLLM) the HTTP status as an integer: read as its text.
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("param")] public string? Param { get; set; }
}

internal sealed class WireModelList
{
    [JsonPropertyName("data")] public List<WireModel>? Data { get; set; }
}

internal sealed class WireModel
{
    [JsonPropertyName("id")] public string? Id { get; set; }
}
