using System.Text.Json;
using System.Text.Json.Serialization;

namespace Elsa.Responses.Client.Wire;

// One server-sent event's data, for both wire formats: OpenAI typed events and chat-completion chunks.
internal sealed class WireStreamEvent
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("sequence_number")] public long? SequenceNumber { get; set; }
    [JsonPropertyName("output_index")] public int? OutputIndex { get; set; }
    [JsonPropertyName("content_index")] public int? ContentIndex { get; set; }
    [JsonPropertyName("summary_index")] public int? SummaryIndex { get; set; }
    [JsonPropertyName("item_id")] public string? ItemId { get; set; }

    // A string in typed events. Read as a string, not as a JsonElement, since it comes once per token: any other token
    // (an object from a server that puts a chat-style delta at the top level) is skipped.
    [JsonPropertyName("delta")]
    [JsonConverter(typeof(StringOrSkipConverter))]
    public string? Delta { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
    // response.refusal.done carries the whole refusal here.
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }
    [JsonPropertyName("item")] public WireOutputItem? Item { get; set; }
    [JsonPropertyName("part")] public WireContentPart? Part { get; set; }

    // Typed, so that created and in_progress, which repeat the whole request, are read in one pass and not copied.
    [JsonPropertyName("response")] public WireResponse? Response { get; set; }

    // A terminal event's response object as the server sent it (reported as ResponseResult.Raw); set by StreamEventParser.
    [JsonIgnore] public JsonElement? RawResponse { get; set; }

    // error events: flat fields, or nested under "error".
    [JsonPropertyName("code")] public JsonElement? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("param")] public JsonElement? Param { get; set; }
    [JsonPropertyName("error")] public WireError? Error { get; set; }

    // chat-completion chunks
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("object")] public string? Object { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("created")] public double? Created { get; set; }
    [JsonPropertyName("choices")]
    [JsonConverter(typeof(ChatChoicesConverter))]
    public List<WireChatChoice>? Choices { get; set; }
    [JsonPropertyName("usage")] public WireUsage? Usage { get; set; }
}

internal sealed class WireChatChoice
{
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("delta")] public WireChatDelta? Delta { get; set; }
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
}

internal sealed class WireChatDelta
{
    [JsonPropertyName("content")] public string? Content { get; set; }
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; set; }
    [JsonPropertyName("reasoning")] public string? Reasoning { get; set; }
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }
    [JsonPropertyName("tool_calls")] public List<WireChatToolCall>? ToolCalls { get; set; }
}

internal sealed class WireChatToolCall
{
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("function")] public WireChatFunction? Function { get; set; }
}

internal sealed class WireChatFunction
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}

// Reads a string value; skips any other value and reads it as null, where a JsonElement would have kept it.
internal sealed class StringOrSkipConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString();
        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
