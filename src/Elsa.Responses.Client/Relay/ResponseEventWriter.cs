using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Client.Relay;

/// <summary>
/// Writes a response to a caller as OpenAI's typed server-sent events (<c>response.created</c>,
/// <c>response.output_item.added</c>, <c>response.output_text.delta</c>, …, <c>response.completed</c>), each with its
/// <c>sequence_number</c>, whatever wire format the upstream server used: the updates it relays are the client's own
/// (<see cref="ResponseUpdate"/>), into which typed events and chat chunks are both read. One writer is one response to
/// the caller; it may relay several upstream calls (an agent's turns) and tool results into it, numbering the output items
/// across them.
/// </summary>
/// <remarks>
/// Each event is written and flushed as soon as its update arrives, so a slow caller slows the relay (the destination's
/// flush waits) instead of growing a buffer. The events are framed by hand (<c>event:</c> and one <c>data:</c> line; the
/// JSON has no line breaks): <c>SseFormatter</c> writes only from an <see cref="IAsyncEnumerable{T}"/> source, while an
/// agent writes between its calls. Not thread-safe: one writer, one caller.
/// </remarks>
public sealed class ResponseEventWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private const string OutputTextPart = "output_text";
    private const string RefusalPart = "refusal";

    private readonly Stream _destination;
    private readonly string _model;
    private readonly long _createdAt;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly List<RelayedItem> _items = [];
    private readonly Dictionary<(RelayedItemType Type, int UpstreamIndex), RelayedItem> _open = [];
    private int _sequence;

    /// <summary>A writer of one response, with a new id, to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the events go: an HTTP response body.</param>
    /// <param name="model">The model named in the response object.</param>
    /// <param name="timeProvider">The clock for <c>created_at</c>.</param>
    public ResponseEventWriter(Stream destination, string model, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _destination = destination;
        _model = model ?? string.Empty;
        _createdAt = (timeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        _json = new Utf8JsonWriter(_buffer, JsonOptions);
        ResponseId = "resp_" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The id of the response the caller receives.</summary>
    public string ResponseId { get; }

    /// <summary>True once the first event was written.</summary>
    public bool Started => _sequence > 0;

    /// <summary>True once a terminal event (completed, incomplete or failed) was written.</summary>
    public bool Ended { get; private set; }

    /// <summary>Writes <c>response.created</c> and <c>response.in_progress</c>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Started)
            return;
        WriteResponseEvent("response.created", ResponseStatus.InProgress, null, null, null, withOutput: false);
        await SendAsync(cancellationToken);
        WriteResponseEvent("response.in_progress", ResponseStatus.InProgress, null, null, null, withOutput: false);
        await SendAsync(cancellationToken);
    }

    /// <summary>
    /// Relays one upstream call's updates as they arrive and returns its result (the last update's). Its output items are
    /// closed (<c>…done</c> events) when the call completes; an exception from <paramref name="updates"/> propagates with
    /// the items left open for <see cref="FailAsync"/>.
    /// </summary>
    public async Task<ResponseResult> RelayAsync(IAsyncEnumerable<ResponseUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await StartAsync(cancellationToken);
        _open.Clear();
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            if (update.Kind == ResponseUpdateKind.Completed)
            {
                var result = update.Result ?? new ResponseResult { Status = ResponseStatus.Unknown };
                await CloseCallAsync(result, cancellationToken);
                return result;
            }

            await RelayDeltaAsync(update, cancellationToken);
        }

        throw new InvalidOperationException("The upstream updates ended without a completed update.");
    }

    /// <summary>Writes a tool's result as a finished <c>function_call_output</c> item (added, then done).</summary>
    public async Task WriteToolOutputAsync(string callId, string output, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        var item = new RelayedItem(NewItemId("fco"), _items.Count, RelayedItemType.FunctionCallOutput) { CallId = callId, Output = output, Done = true };
        _items.Add(item);
        WriteItemEvent("response.output_item.added", item);
        await SendAsync(cancellationToken);
        WriteItemEvent("response.output_item.done", item);
        await SendAsync(cancellationToken);
    }

    /// <summary>Ends the response with <c>response.completed</c>, or <c>response.incomplete</c> when <paramref name="status"/> says so.</summary>
    public async Task CompleteAsync(ResponseStatus status, ResponseUsage? usage, string? incompleteReason = null, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        var incomplete = status == ResponseStatus.Incomplete;
        WriteResponseEvent(incomplete ? "response.incomplete" : "response.completed", incomplete ? ResponseStatus.Incomplete : ResponseStatus.Completed,
            usage, null, incomplete ? incompleteReason ?? "unknown" : null, withOutput: true);
        Ended = true;
        await SendAsync(cancellationToken);
    }

    /// <summary>Ends the response with <c>response.failed</c>: the error, and the output relayed so far (unfinished items marked incomplete).</summary>
    public async Task FailAsync(string code, string message, ResponseUsage? usage = null, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        WriteResponseEvent("response.failed", ResponseStatus.Failed, usage, (code, message), null, withOutput: true);
        Ended = true;
        await SendAsync(cancellationToken);
    }

    /// <summary>What the caller has received so far, as a result: the text, reasoning, refusal and function calls relayed.</summary>
    public ResponseResult Partial(ResponseStatus status) => new()
    {
        Id = ResponseId,
        Model = _model,
        Status = status,
        Text = Concat(RelayedItemType.Message, OutputTextPart),
        Reasoning = string.Concat(_items.Where(i => i.Type == RelayedItemType.Reasoning).Select(i => i.Text.ToString())),
        Refusal = Concat(RelayedItemType.Message, "refusal") is { Length: > 0 } refusal ? refusal : null,
        ToolCalls = _items.Where(i => i.Type == RelayedItemType.FunctionCall)
            .Select(i => new ToolCall(i.CallId ?? string.Empty, i.Name ?? string.Empty, i.Text.ToString())).ToList(),
    };

    private string Concat(RelayedItemType type, string partType) =>
        string.Concat(_items.Where(i => i.Type == type).SelectMany(i => i.Parts).Where(p => p.Type == partType).Select(p => p.Text.ToString()));

    private async ValueTask RelayDeltaAsync(ResponseUpdate update, CancellationToken cancellationToken)
    {
        var type = update.Kind switch
        {
            ResponseUpdateKind.ReasoningDelta => RelayedItemType.Reasoning,
            ResponseUpdateKind.ToolCallDelta => RelayedItemType.FunctionCall,
            _ => RelayedItemType.Message,
        };
        var item = await OpenAsync(type, update.OutputIndex, update.CallId, update.ToolName, cancellationToken);
        switch (update.Kind)
        {
            case ResponseUpdateKind.TextDelta:
            case ResponseUpdateKind.RefusalDelta:
                var partType = update.Kind == ResponseUpdateKind.TextDelta ? OutputTextPart : RefusalPart;
                var contentIndex = await OpenPartAsync(item, partType, cancellationToken);
                item.Parts[contentIndex].Text.Append(update.Delta);
                WriteContentDelta(partType == OutputTextPart ? "response.output_text.delta" : "response.refusal.delta", item, contentIndex, update.Delta);
                break;
            case ResponseUpdateKind.ReasoningDelta:
                item.Text.Append(update.Delta);
                WriteContentDelta("response.reasoning_text.delta", item, 0, update.Delta);
                break;
            default:
                item.CallId ??= update.CallId;
                item.Name ??= update.ToolName;
                item.Text.Append(update.Delta);
                WriteArgumentsDelta(item, update.Delta);
                break;
        }

        await SendAsync(cancellationToken);
    }

    private async ValueTask<RelayedItem> OpenAsync(RelayedItemType type, int upstreamIndex, string? callId, string? name, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue((type, upstreamIndex), out var item))
            return item;
        var prefix = type switch { RelayedItemType.Message => "msg", RelayedItemType.Reasoning => "rs", _ => "fc" };
        item = new RelayedItem(NewItemId(prefix), _items.Count, type) { CallId = callId, Name = name };
        _items.Add(item);
        _open[(type, upstreamIndex)] = item;
        WriteItemEvent("response.output_item.added", item);
        await SendAsync(cancellationToken);
        return item;
    }

    private async ValueTask<int> OpenPartAsync(RelayedItem item, string partType, CancellationToken cancellationToken)
    {
        for (var existing = 0; existing < item.Parts.Count; existing++)
        {
            if (item.Parts[existing].Type == partType)
                return existing;
        }

        item.Parts.Add((partType, new StringBuilder()));
        var index = item.Parts.Count - 1;
        WritePartEvent("response.content_part.added", item, index);
        await SendAsync(cancellationToken);
        return index;
    }

    // The call completed: what the result holds that no delta carried is relayed at once (a server that sends a whole
    // function call or text only in its final event), then every item of the call is closed, in output order.
    private async Task CloseCallAsync(ResponseResult result, CancellationToken cancellationToken)
    {
        var relayedCalls = _open.Values.Where(i => i.Type == RelayedItemType.FunctionCall).ToList();
        foreach (var call in result.ToolCalls)
        {
            var item = relayedCalls.FirstOrDefault(i => i.CallId == call.CallId);
            if (item is null)
            {
                item = await OpenAsync(RelayedItemType.FunctionCall, -1 - _open.Count, call.CallId, call.Name, cancellationToken);
                item.Text.Append(call.Arguments);
                if (call.Arguments.Length > 0)
                {
                    WriteArgumentsDelta(item, call.Arguments);
                    await SendAsync(cancellationToken);
                }
            }

            item.Name ??= call.Name;
            if (item.Text.Length == 0 && call.Arguments.Length > 0)
                item.Text.Append(call.Arguments);
        }

        var relayedText = string.Concat(_open.Values.Where(i => i.Type == RelayedItemType.Message).SelectMany(i => i.Parts)
            .Where(p => p.Type == OutputTextPart).Select(p => p.Text.ToString()));
        if (result.Text.Length > relayedText.Length && result.Text.StartsWith(relayedText, StringComparison.Ordinal))
        {
            var message = _open.Keys.Where(k => k.Type == RelayedItemType.Message).Select(k => (int?)k.UpstreamIndex).FirstOrDefault() ?? int.MaxValue;
            await RelayDeltaAsync(new ResponseUpdate(ResponseUpdateKind.TextDelta, result.Text[relayedText.Length..], message), cancellationToken);
        }

        foreach (var item in _open.Values.OrderBy(i => i.OutputIndex))
            await CloseItemAsync(item, cancellationToken);
        _open.Clear();
    }

    private async ValueTask CloseItemAsync(RelayedItem item, CancellationToken cancellationToken)
    {
        switch (item.Type)
        {
            case RelayedItemType.Message:
                for (var index = 0; index < item.Parts.Count; index++)
                {
                    var (type, text) = item.Parts[index];
                    Begin(type == OutputTextPart ? "response.output_text.done" : "response.refusal.done");
                    WriteItemRef(item);
                    _json.WriteNumber("content_index", index);
                    WriteText(type == OutputTextPart ? "text" : "refusal", text);
                    await SendAsync(cancellationToken);
                    WritePartEvent("response.content_part.done", item, index);
                    await SendAsync(cancellationToken);
                }

                break;
            case RelayedItemType.Reasoning:
                Begin("response.reasoning_text.done");
                WriteItemRef(item);
                _json.WriteNumber("content_index", 0);
                WriteText("text", item.Text);
                await SendAsync(cancellationToken);
                break;
            case RelayedItemType.FunctionCall:
                Begin("response.function_call_arguments.done");
                WriteItemRef(item);
                _json.WriteString("name", item.Name);
                WriteText("arguments", item.Text);
                await SendAsync(cancellationToken);
                break;
        }

        item.Done = true;
        WriteItemEvent("response.output_item.done", item);
        await SendAsync(cancellationToken);
    }

    private string NewItemId(string prefix) => $"{prefix}_{ResponseId[5..]}_{_items.Count}";

    private void Begin(string type)
    {
        _buffer.ResetWrittenCount();
        _buffer.Write("event: "u8);
        Encoding.UTF8.GetBytes(type, _buffer);
        _buffer.Write("\ndata: "u8);
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("type", type);
        _json.WriteNumber("sequence_number", _sequence++);
    }

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n\n"u8);
        await _destination.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        await _destination.FlushAsync(cancellationToken);
    }

    // The accumulated text, written from the builder's chunks: no string of the whole text per event.
    private void WriteText(string propertyName, StringBuilder text)
    {
        _json.WritePropertyName(propertyName);
        foreach (var chunk in text.GetChunks())
            _json.WriteStringValueSegment(chunk.Span, isFinalSegment: false);
        _json.WriteStringValueSegment(ReadOnlySpan<char>.Empty, isFinalSegment: true);
    }

    private void WriteItemRef(RelayedItem item)
    {
        _json.WriteString("item_id", item.Id);
        _json.WriteNumber("output_index", item.OutputIndex);
    }

    private void WriteArgumentsDelta(RelayedItem item, string delta)
    {
        Begin("response.function_call_arguments.delta");
        WriteItemRef(item);
        _json.WriteString("delta", delta);
    }

    private void WriteContentDelta(string type, RelayedItem item, int contentIndex, string delta)
    {
        Begin(type);
        WriteItemRef(item);
        _json.WriteNumber("content_index", contentIndex);
        _json.WriteString("delta", delta);
        if (type == "response.output_text.delta")
        {
            _json.WriteStartArray("logprobs");
            _json.WriteEndArray();
        }
    }

    private void WritePartEvent(string type, RelayedItem item, int contentIndex)
    {
        Begin(type);
        WriteItemRef(item);
        _json.WriteNumber("content_index", contentIndex);
        _json.WritePropertyName("part");
        WritePart(item.Parts[contentIndex]);
    }

    private void WriteItemEvent(string type, RelayedItem item)
    {
        Begin(type);
        _json.WriteNumber("output_index", item.OutputIndex);
        _json.WritePropertyName("item");
        WriteItem(item);
    }

    private void WriteItem(RelayedItem item)
    {
        var status = item.Done ? "completed" : Ended ? "incomplete" : "in_progress";
        _json.WriteStartObject();
        _json.WriteString("id", item.Id);
        _json.WriteString("type", RelayedItem.TypeName(item.Type));
        _json.WriteString("status", status);
        switch (item.Type)
        {
            case RelayedItemType.Message:
                _json.WriteString("role", "assistant");
                _json.WriteStartArray("content");
                foreach (var part in item.Parts)
                    WritePart(part);
                _json.WriteEndArray();
                break;
            case RelayedItemType.Reasoning:
                _json.WriteStartArray("summary");
                _json.WriteEndArray();
                _json.WriteStartArray("content");
                if (item.Text.Length > 0)
                {
                    _json.WriteStartObject();
                    _json.WriteString("type", "reasoning_text");
                    WriteText("text", item.Text);
                    _json.WriteEndObject();
                }

                _json.WriteEndArray();
                break;
            case RelayedItemType.FunctionCall:
                _json.WriteString("call_id", item.CallId ?? string.Empty);
                _json.WriteString("name", item.Name ?? string.Empty);
                WriteText("arguments", item.Text);
                break;
            default:
                _json.WriteString("call_id", item.CallId ?? string.Empty);
                _json.WriteString("output", item.Output ?? string.Empty);
                break;
        }

        _json.WriteEndObject();
    }

    private void WritePart((string Type, StringBuilder Text) part)
    {
        _json.WriteStartObject();
        _json.WriteString("type", part.Type);
        if (part.Type == OutputTextPart)
        {
            WriteText("text", part.Text);
            _json.WriteStartArray("annotations");
            _json.WriteEndArray();
        }
        else
        {
            WriteText("refusal", part.Text);
        }

        _json.WriteEndObject();
    }

    private void WriteResponseEvent(string type, ResponseStatus status, ResponseUsage? usage, (string Code, string Message)? error, string? incompleteReason, bool withOutput)
    {
        if (status != ResponseStatus.InProgress)
            Ended = true;
        Begin(type);
        _json.WriteStartObject("response");
        _json.WriteString("id", ResponseId);
        _json.WriteString("object", "response");
        _json.WriteNumber("created_at", _createdAt);
        _json.WriteString("status", status.Value);
        _json.WriteString("model", _model);
        _json.WriteStartArray("output");
        if (withOutput)
            foreach (var item in _items)
                WriteItem(item);
        _json.WriteEndArray();
        _json.WriteBoolean("parallel_tool_calls", true);
        _json.WriteString("tool_choice", "auto");
        _json.WriteStartArray("tools");
        _json.WriteEndArray();
        if (usage is null)
        {
            _json.WriteNull("usage");
        }
        else
        {
            _json.WriteStartObject("usage");
            _json.WriteNumber("input_tokens", usage.InputTokens);
            _json.WriteStartObject("input_tokens_details");
            _json.WriteNumber("cached_tokens", usage.CachedTokens);
            _json.WriteEndObject();
            _json.WriteNumber("output_tokens", usage.OutputTokens);
            _json.WriteStartObject("output_tokens_details");
            _json.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
            _json.WriteEndObject();
            _json.WriteNumber("total_tokens", usage.TotalTokens);
            _json.WriteEndObject();
        }

        if (error is { } e)
        {
            _json.WriteStartObject("error");
            _json.WriteString("code", e.Code);
            _json.WriteString("message", e.Message);
            _json.WriteEndObject();
        }
        else
        {
            _json.WriteNull("error");
        }

        if (incompleteReason is not null)
        {
            _json.WriteStartObject("incomplete_details");
            _json.WriteString("reason", incompleteReason);
            _json.WriteEndObject();
        }
        else
        {
            _json.WriteNull("incomplete_details");
        }

        _json.WriteEndObject();
    }
}
