using System.Runtime.InteropServices;
using System.Text.Json;

namespace Elsa.Responses.Client.Results;

/// <summary>
/// What a response comes to, whether it was read whole or streamed: the same mapping produces both, so they agree.
/// A failed call carries one of these with what was received before the failure (see <see cref="Errors.ResponsesApiException.Partial"/>).
/// A record: make changed copies with <c>with</c>. An empty one (<c>new ResponseResult()</c>) has the status
/// <c>unknown</c> and does not read as a success.
/// </summary>
public sealed record ResponseResult
{
    /// <summary>The response id; not always <c>resp_…</c> (xAI uses UUIDs, vLLM short hex).</summary>
    public string? Id { get; init; }

    /// <summary>The model that answered.</summary>
    public string? Model { get; init; }

    /// <summary>When the response was created, from <c>created_at</c> or <c>created</c>.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Completed, incomplete, failed, or a value a server added; <c>unknown</c> when nothing set it.</summary>
    public ResponseStatus Status { get; init; }

    /// <summary>Why the response is incomplete, such as <c>max_output_tokens</c>.</summary>
    public string? IncompleteReason { get; init; }

    /// <summary>
    /// True when the server said <c>completed</c> but the response is taken as <c>incomplete</c>: <c>max_output_tokens</c>
    /// was set and the output used all of it (llama.cpp, Ollama and older vLLM never report truncation themselves).
    /// </summary>
    public bool IncompleteInferred { get; init; }

    /// <summary>The error of a failed response.</summary>
    public ResponseError? Error { get; init; }

    /// <summary>Every <c>output_text</c> part of every message item, in order.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The reasoning text: summaries or raw <c>reasoning_text</c>, parts separated by a blank line.</summary>
    public string Reasoning { get; init; } = string.Empty;

    /// <summary>The model's refusal (<c>refusal</c> content parts); null when it did not refuse.</summary>
    public string? Refusal { get; init; }

    /// <summary>The function calls, in output order.</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>Token usage; null when the server sent none.</summary>
    public ResponseUsage? Usage { get; init; }

    /// <summary>The output items as JSON, ready to be sent back as input items in the next turn.</summary>
    public IReadOnlyList<JsonElement> OutputItems
    {
        get => _outputItems ?? _writtenOutputItems?.Items ?? _rawJson?.OutputItems ?? [];
        init => _outputItems = value;
    }

    /// <summary>
    /// The response object as the server sent it; null for chat-chunk streams, which have none. A streamed one is parsed
    /// when this is first read.
    /// </summary>
    public JsonElement? Raw
    {
        get => _rawSet ? _raw : _rawJson?.Element;
        init => (_raw, _rawSet) = (value, true);
    }

    /// <summary>
    /// The answer as JSON, when the request's <c>text.format</c> asked for JSON (json_object or json_schema) and the
    /// answer is one JSON value (alone, in one fenced block, or after prose) that matches the schema; null otherwise.
    /// </summary>
    public JsonElement? Json { get; init; }

    /// <summary>Why the answer is not the JSON <c>text.format</c> asked for; empty when it is, or when no JSON was asked for.</summary>
    public IReadOnlyList<SchemaError> SchemaErrors { get; init; } = [];

    /// <summary>Requests made for this answer: 1, plus one per repair of an answer that failed its schema.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Things the server did that the request did not ask for, such as a named <c>tool_choice</c> it ignored.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    // Behind Raw and OutputItems when they were not given: the response object, kept as sent and parsed on first use.
    private readonly RawResponseJson? _rawJson;
    private readonly WrittenOutputItems? _writtenOutputItems;
    private readonly IReadOnlyList<JsonElement>? _outputItems;
    private readonly JsonElement? _raw;
    private readonly bool _rawSet;

    internal RawResponseJson? RawJson
    {
        get => _rawSet ? null : _rawJson;
        init => _rawJson = value;
    }

    // Behind OutputItems when they were not given and no response object had them: written from the stream's text,
    // refusal and tool calls on first use.
    internal WrittenOutputItems? WrittenOutputItems
    {
        get => _outputItems is null ? _writtenOutputItems : null;
        init => _writtenOutputItems = value;
    }

    // Raw's bytes as sent, without parsing a response object that has not been parsed yet; empty when there is none.
    internal ReadOnlySpan<byte> RawUtf8 => RawJson is { } json ? json.Utf8 : Raw is { } raw ? JsonMarshal.GetRawUtf8Value(raw) : default;

    // Every field was read from Raw (a response object), so a Raw that holds no key means no field does: the redactor
    // then needs to look at Raw alone.
    internal bool ReadFromRaw { get; init; }

    // A copy that reports the given failure (status failed); the same result when there is none.
    internal ResponseResult WithFailure(ResponseError? error) =>
        error is null ? this : this with { Status = ResponseStatus.Failed, Error = error, ReadFromRaw = ReadFromRaw && ReferenceEquals(error, Error) };
}
