using System.Text;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Wire;

namespace Elsa.Responses.Client.Streaming;

// Folds the first choice of chat-completion chunks (DigitalOcean's documented stream format, vLLM, LM Studio). One
// delta may carry text, reasoning, a refusal and several tool-call entries at once: each becomes its own update.
// Text, reasoning and refusal belong to output 0; tool call n (in order of arrival) to output n + 1.
internal sealed class ChatChunkFolder
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _reasoning = new();
    private readonly StringBuilder _refusal = new();
    private readonly List<StreamItemState> _calls = [];
    private readonly Dictionary<int, StreamItemState> _callsByIndex = [];
    private readonly Dictionary<string, StreamItemState> _callsById = new(StringComparer.Ordinal);

    public string? FinishReason { get; private set; }

    public string Text => _text.ToString();

    public string Reasoning => _reasoning.ToString();

    public string? Refusal => _refusal.Length == 0 ? null : _refusal.ToString();

    public IEnumerable<ToolCall> ToolCalls => _calls.Select(c => new ToolCall(c.CallId ?? string.Empty, c.Name ?? string.Empty, c.ArgumentDeltas.ToString()));

    public void Apply(WireChatChoice choice, List<ResponseUpdate> updates)
    {
        if (choice.FinishReason is not null)
            FinishReason = choice.FinishReason;
        if (choice.Delta is not { } delta)
            return;

        var reasoning = delta.ReasoningContent ?? delta.Reasoning;
        if (!string.IsNullOrEmpty(reasoning))
        {
            _reasoning.Append(reasoning);
            updates.Add(new ResponseUpdate(ResponseUpdateKind.ReasoningDelta, reasoning, 0));
        }

        if (!string.IsNullOrEmpty(delta.Content))
        {
            _text.Append(delta.Content);
            updates.Add(new ResponseUpdate(ResponseUpdateKind.TextDelta, delta.Content, 0));
        }

        if (!string.IsNullOrEmpty(delta.Refusal))
        {
            _refusal.Append(delta.Refusal);
            updates.Add(new ResponseUpdate(ResponseUpdateKind.RefusalDelta, delta.Refusal, 0));
        }

        if (delta.ToolCalls is not { } entries)
            return;
        for (var position = 0; position < entries.Count; position++)
        {
            var entry = entries[position];
            var call = CallFor(entry, position, entries.Count);
            call.CallId ??= entry.Id;
            call.Name ??= entry.Function?.Name;
            var arguments = entry.Function?.Arguments ?? string.Empty;
            call.ArgumentDeltas.Append(arguments);
            updates.Add(new ResponseUpdate(ResponseUpdateKind.ToolCallDelta, arguments, call.Index, call.CallId, call.Name));
        }
    }

    // By index when the entry has one; else by id; else a named entry starts a call, and a nameless one continues the
    // call at its position (several entries in one chunk) or the latest call (one entry).
    private StreamItemState CallFor(WireChatToolCall entry, int position, int count)
    {
        if (entry.Index is { } index)
        {
            // A new id under a known index is a new call (some servers send index 0 for every call).
            if (_callsByIndex.TryGetValue(index, out var indexed) && (entry.Id is null || indexed.CallId is null || indexed.CallId == entry.Id))
                return indexed;
            var call = entry.Id is not null && _callsById.TryGetValue(entry.Id, out var byId) ? byId : Start(entry.Id);
            _callsByIndex[index] = call;
            return call;
        }

        if (entry.Id is not null)
            return _callsById.TryGetValue(entry.Id, out var known) ? known : Start(entry.Id);
        if (entry.Function?.Name is not null || _calls.Count == 0)
            return Start(null);
        if (count > 1)
            return position < _calls.Count ? _calls[position] : Start(null);
        return _calls[^1];
    }

    private StreamItemState Start(string? id)
    {
        var call = new StreamItemState { Index = _calls.Count + 1, Type = "function_call", CallId = id };
        _calls.Add(call);
        if (id is not null)
            _callsById[id] = call;
        return call;
    }
}
