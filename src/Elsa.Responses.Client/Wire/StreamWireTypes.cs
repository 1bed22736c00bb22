using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Wire;

// One server-sent event's data, for both wire formats: OpenAI typed events and chat-completion chunks. Read by
// StreamEventReader, which names each member as it is sent.
internal sealed class WireStreamEvent
{
    public string? Type { get; set; }
    public int? OutputIndex { get; set; }
    public int? ContentIndex { get; set; }
    public int? SummaryIndex { get; set; }
    public string? ItemId { get; set; }

    public string? Delta { get; set; }
    public string? Text { get; set; }
    public string? Arguments { get; set; }
    // response.refusal.done carries the whole refusal here.
    public string? Refusal { get; set; }
    public WireOutputItem? Item { get; set; }

    // created and in_progress repeat the whole request: StreamEventReader reads only their header.
    public WireResponse? Response { get; set; }

    // A terminal event's response object as the server sent it (reported as ResponseResult.Raw).
    public RawResponseJson? RawResponse { get; set; }

    // Set by StreamEventReader while it reads: the SSE event name (standing in for a missing type), and where the
    // response object lies in the event's data.
    public string? SseEventType { get; init; }
    public Range ResponseBytes { get; set; }

    // error events: flat fields, or nested under "error".
    public string? Code { get; set; }
    public string? Message { get; set; }
    public string? Param { get; set; }
    public WireError? Error { get; set; }

    // chat-completion chunks
    public string? Id { get; set; }
    public string? Object { get; set; }
    public string? Model { get; set; }
    public double? Created { get; set; }
    public List<WireChatChoice>? Choices { get; set; }
    public WireUsage? Usage { get; set; }
}

internal sealed class WireChatChoice
{
    public int? Index { get; set; }
    public WireChatDelta? Delta { get; set; }
    public string? FinishReason { get; set; }
}

internal sealed class WireChatDelta
{
    public string? Content { get; set; }
    public string? ReasoningContent { get; set; }
    public string? Reasoning { get; set; }
    public string? Refusal { get; set; }
    public List<WireChatToolCall>? ToolCalls { get; set; }
}

internal sealed class WireChatToolCall
{
    public int? Index { get; set; }
    public string? Id { get; set; }
    public WireChatFunction? Function { get; set; }
}

internal sealed class WireChatFunction
{
    public string? Name { get; set; }
    public string? Arguments { get; set; }
}
