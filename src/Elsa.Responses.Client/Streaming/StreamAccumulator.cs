using System.Text;
using System.Text.Json;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Mapping;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Wire;

namespace Elsa.Responses.Client.Streaming;

// Folds stream events of either wire format into updates and a result. One instance per stream. It never throws and
// never decides that a call failed: a failed stream comes out as a result with status failed and its error, and the
// client raises it.
internal sealed class StreamAccumulator
{
    private readonly SortedDictionary<int, StreamItemState> _items = [];
    private readonly Dictionary<string, int> _indexByItemId = new(StringComparer.Ordinal);
    private StreamItemState? _latest; // the item with the highest index, kept so that no event walks the sorted items
    private readonly ChatChunkFolder _chat = new();
    private bool _isChatFormat;
    private bool _doneMarkerSeen;

    private string? _id;
    private string? _model;
    private double? _created;
    private WireUsage? _usage;
    private ResponseError? _streamError;
    private ResponseResult? _terminal;

    /// <summary>True once a terminal event has arrived; later events are not read.</summary>
    public bool IsTerminal => _terminal is not null;

    /// <summary>Folds one event in, adding the updates it carries (none, one, or several) to <paramref name="updates"/>.</summary>
    public void Apply(WireStreamEvent e, string? sseEventType, List<ResponseUpdate> updates)
    {
        var type = e.Type ?? (sseEventType is null or "message" ? null : sseEventType);
        switch (type)
        {
            case "response.created" or "response.in_progress" or "response.queued":
                ReadHeader(e.Response);
                return;
            case "response.output_item.added":
                if (e.Item is not null)
                    ItemFor(e, e.Item.Type, opensItem: true).Describe(e.Item);
                return;
            case "response.output_item.done":
                if (e.Item is not null)
                {
                    var state = ItemFor(e, e.Item.Type);
                    state.Describe(e.Item);
                    state.DoneItem = e.Item;
                }

                return;
            case "response.output_text.delta":
            {
                var delta = DeltaText(e);
                var state = ItemFor(e, "message");
                state.Text.Append(delta);
                state.HasTextDeltas = true;
                updates.Add(new ResponseUpdate(ResponseUpdateKind.TextDelta, delta, state.Index));
                return;
            }
            case "response.output_text.done":
            {
                var state = ItemFor(e, "message");
                if (e.Text is not null)
                    state.DoneTexts.Add(e.Text);
                return;
            }
            case "response.refusal.delta":
            {
                var delta = DeltaText(e);
                var state = ItemFor(e, "message");
                state.Refusal.Append(delta);
                updates.Add(new ResponseUpdate(ResponseUpdateKind.RefusalDelta, delta, state.Index));
                return;
            }
            case "response.refusal.done":
            {
                var state = ItemFor(e, "message");
                state.RefusalDone = e.Refusal ?? state.RefusalDone;
                return;
            }
            case "response.reasoning_summary_text.delta" or "response.reasoning_text.delta":
            {
                var delta = DeltaText(e);
                var state = ItemFor(e, "reasoning");
                state.ReasoningPart(e.SummaryIndex ?? e.ContentIndex ?? 0).Append(delta);
                updates.Add(new ResponseUpdate(ResponseUpdateKind.ReasoningDelta, delta, state.Index));
                return;
            }
            case "response.reasoning_summary_text.done" or "response.reasoning_text.done":
            {
                var state = ItemFor(e, "reasoning");
                var part = state.ReasoningPart(e.SummaryIndex ?? e.ContentIndex ?? 0);
                if (part.Length == 0 && e.Text is not null)
                    part.Append(e.Text);
                return;
            }
            case "response.function_call_arguments.delta":
            {
                var delta = DeltaText(e);
                var state = ItemFor(e, "function_call");
                state.ArgumentDeltas.Append(delta);
                state.HasArgumentDeltas = true;
                updates.Add(new ResponseUpdate(ResponseUpdateKind.ToolCallDelta, delta, state.Index, state.CallId, state.Name));
                return;
            }
            case "response.function_call_arguments.done":
            {
                var state = ItemFor(e, "function_call");
                state.Name ??= e.Item?.Name;
                state.ArgumentsDone = e.Arguments;
                // Servers that send only .done (LM Studio) still get one delta out, with the whole arguments.
                if (!state.HasArgumentDeltas && e.Arguments is not null)
                    updates.Add(new ResponseUpdate(ResponseUpdateKind.ToolCallDelta, e.Arguments, state.Index, state.CallId, state.Name));
                return;
            }
            case "response.completed" or "response.incomplete" or "response.failed":
                Terminate(e.Response, e.RawResponse, type);
                return;
            case "error":
                _streamError = ReadStreamError(e);
                return;
            case null when e.Error is not null:
                // Assistants-style {"error":{…}} with no type.
                _streamError = ErrorFactory.FromWire(e.Error, "The server reported an error without details.");
                return;
            case null when e.Choices is not null || e.Object?.EndsWith("chunk", StringComparison.Ordinal) == true:
                ApplyChatChunk(e, updates);
                return;
            default:
                // Unknown events (web_search_call.*, annotations, vLLM reasoning_part.*, …) are normal: skip them.
                return;
        }
    }

    /// <summary>The stream sent <c>data: [DONE]</c>; nothing after it is read.</summary>
    public void MarkDone() => _doneMarkerSeen = true;

    /// <summary>The result of a stream that has ended: status failed, with its error, when the stream failed or ended early.</summary>
    public ResponseResult Finish()
    {
        if (_terminal is not null)
        {
            return _terminal.Status == ResponseStatus.Failed
                ? _terminal.WithFailure(_streamError ?? _terminal.Error ?? new ResponseError(null, null, "The response failed."))
                : _terminal;
        }

        if (_streamError is not null)
            return Snapshot(_streamError);

        if (_isChatFormat && (_doneMarkerSeen || _chat.FinishReason is not null))
            return BuildFromState(ChatStatus(), ChatIncompleteReason(), raw: null);

        var message = _doneMarkerSeen
            ? "The stream sent [DONE] before a terminal response event."
            : "The stream ended before a terminal response event (response.completed, response.incomplete or response.failed).";
        return Snapshot(new ResponseError(ErrorTypes.StreamEndedEarly, null, message));
    }

    /// <summary>What has arrived so far, as a failed result with the given error.</summary>
    public ResponseResult Snapshot(ResponseError error) => BuildFromState(ResponseStatus.Failed, null, null).WithFailure(error);

    /// <summary>The result built from the deltas alone, ignoring a terminal response object.</summary>
    public ResponseResult BuildFromState(ResponseStatus status, string? incompleteReason, RawResponseJson? raw)
    {
        var text = new StringBuilder();
        var refusal = new StringBuilder();
        var reasoning = new List<string>();
        var toolCalls = new List<ToolCall>();

        if (_isChatFormat)
        {
            text.Append(_chat.Text);
            refusal.Append(_chat.Refusal);
            if (_chat.Reasoning.Length > 0)
                reasoning.Add(_chat.Reasoning);
            toolCalls.AddRange(_chat.ToolCalls);
        }

        foreach (var state in _items.Values)
        {
            switch (state.Type)
            {
                case "message":
                    text.Append(MessageText(state));
                    refusal.Append(MessageRefusal(state));
                    break;
                case "reasoning":
                    ReasoningParts(state, reasoning);
                    break;
                case "function_call":
                    toolCalls.Add(ToToolCall(state));
                    break;
            }
        }

        var allText = text.ToString();
        var allRefusal = refusal.Length == 0 ? null : refusal.ToString();

        return new ResponseResult
        {
            Id = _id,
            Model = _model,
            CreatedAt = ResponseMapper.ToTime(_created),
            Status = status,
            IncompleteReason = incompleteReason,
            Text = allText,
            Reasoning = string.Join(ResponseMapper.ReasoningSeparator, reasoning),
            Refusal = allRefusal,
            ToolCalls = toolCalls,
            Usage = ResponseMapper.ToUsage(_usage),
            WrittenOutputItems = new WrittenOutputItems(allText, allRefusal, toolCalls),
            RawJson = raw,
        };
    }

    private void ApplyChatChunk(WireStreamEvent e, List<ResponseUpdate> updates)
    {
        _isChatFormat = true;
        // Azure's first chunk carries only prompt_filter_results, with an empty id and model and created 0.
        _id ??= string.IsNullOrEmpty(e.Id) ? null : e.Id;
        _model ??= string.IsNullOrEmpty(e.Model) ? null : e.Model;
        if (e.Created > 0)
            _created ??= e.Created;
        if (e.Usage is not null)
            _usage = e.Usage;

        // Only the first choice is read: the Responses API has no n > 1.
        foreach (var choice in e.Choices ?? [])
        {
            if ((choice.Index ?? 0) != 0)
                continue;
            _chat.Apply(choice, updates);
            break;
        }
    }

    private ResponseStatus ChatStatus() => ChatIncompleteReason() is null ? ResponseStatus.Completed : ResponseStatus.Incomplete;

    private string? ChatIncompleteReason() => _chat.FinishReason switch
    {
        "length" => "max_output_tokens",
        "content_filter" => "content_filter",
        _ => null,
    };

    private void ReadHeader(WireResponse? response)
    {
        if (response is null)
            return;
        _id ??= response.Id;
        _model ??= response.Model;
        _created ??= response.CreatedAt;
    }

    private void Terminate(WireResponse? wire, RawResponseJson? raw, string type)
    {
        var fallbackStatus = type switch
        {
            "response.incomplete" => ResponseStatus.Incomplete,
            "response.failed" => ResponseStatus.Failed,
            _ => ResponseStatus.Completed,
        };

        if (wire is null)
        {
            _terminal = BuildFromState(fallbackStatus, null, null);
            return;
        }

        ReadHeader(wire);
        wire.Status ??= fallbackStatus.Value;
        // StreamEventParser keeps the JSON as sent; an event that did not come through it gets the typed fields back.
        var json = raw ?? RawResponseJson.Of(JsonSerializer.SerializeToElement(wire, ResponsesJsonContext.Default.WireResponse));
        if (wire.Output is { Count: > 0 })
        {
            // The terminal response object is the final truth (fixtures README §4.6).
            _terminal = ResponseMapper.ToResult(wire, json);
            return;
        }

        _usage = wire.Usage ?? _usage;
        var fromState = BuildFromState(new ResponseStatus(wire.Status), wire.IncompleteDetails?.Reason, json);
        _terminal = wire.Error is null ? fromState : fromState.WithFailure(ErrorFactory.FromWire(wire.Error, "The response failed."));
    }

    private static ResponseError ReadStreamError(WireStreamEvent e)
    {
        // Nested (what OpenAI sends), flat (what it documents), or empty.
        if (e.Error is not null)
            return ErrorFactory.FromWire(e.Error, "The server reported an error without details.");
        return new ResponseError(null, e.Code, string.IsNullOrEmpty(e.Message) ? "The server reported an error without details." : e.Message, e.Param);
    }

    // The item an event belongs to: by output_index; else by a known item id; an unknown item id (llama.cpp sends no
    // output_index) opens the next slot. An event with neither belongs to the latest item, unless that item is of
    // another type or the event opens an item (output_item.added): then it opens the next slot.
    private StreamItemState ItemFor(WireStreamEvent e, string? type, bool opensItem = false)
    {
        var itemId = e.ItemId ?? e.Item?.Id;
        if (string.IsNullOrEmpty(itemId))
            itemId = null;
        int index;
        StreamItemState? state;
        if (e.OutputIndex is { } outputIndex)
            index = outputIndex;
        else if (itemId is not null && _indexByItemId.TryGetValue(itemId, out var known))
            index = known;
        else if (itemId is not null || _latest is not { } latest)
            index = (_latest?.Index ?? -1) + 1;
        else
            index = latest.Type is { } latestType && (opensItem || (type is not null && type != latestType)) ? latest.Index + 1 : latest.Index;

        if (_latest?.Index == index)
        {
            state = _latest;
        }
        else if (!_items.TryGetValue(index, out state))
        {
            _items[index] = state = new StreamItemState { Index = index };
            if (_latest is null || index > _latest.Index)
                _latest = state;
        }

        state.Type ??= type;
        if (itemId is not null && !ReferenceEquals(itemId, state.FiledItemId))
        {
            _indexByItemId.TryAdd(itemId, index);
            state.FiledItemId = itemId;
        }

        return state;
    }

    private static string DeltaText(WireStreamEvent e) => e.Delta ?? string.Empty;

    private static string MessageText(StreamItemState state)
    {
        if (state.HasTextDeltas)
            return state.Text.ToString();
        if (state.HasDoneTexts)
            return string.Concat(state.DoneTexts);
        return string.Concat((state.DoneItem?.Content ?? []).Where(p => p.Type == "output_text").Select(p => p.Text));
    }

    private static string MessageRefusal(StreamItemState state)
    {
        if (state.HasRefusalDeltas)
            return state.Refusal.ToString();
        if (state.RefusalDone is not null)
            return state.RefusalDone;
        return string.Concat((state.DoneItem?.Content ?? []).Where(p => p.Type == "refusal").Select(p => p.Refusal));
    }

    private static void ReasoningParts(StreamItemState state, List<string> parts)
    {
        var before = parts.Count;
        foreach (var part in state.Reasoning.Values)
            if (part.Length > 0)
                parts.Add(part.ToString());
        if (parts.Count == before && state.DoneItem is not null)
            ResponseMapper.AddReasoning(state.DoneItem, parts);
    }

    private static ToolCall ToToolCall(StreamItemState state)
    {
        // Prefer .done arguments, then the finished item's, then the concatenated deltas (fixtures README §4.7).
        var arguments = state.ArgumentsDone
                        ?? state.DoneItem?.Arguments
                        ?? state.ArgumentDeltas.ToString();
        var callId = state.CallId ?? state.DoneItem?.CallId ?? state.ItemId ?? string.Empty;
        return new ToolCall(callId, state.Name ?? state.DoneItem?.Name ?? string.Empty, arguments);
    }
}
