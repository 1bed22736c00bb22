using System.Text;
using System.Text.Json;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>
/// What a response should come to, computed by the test straight from the JSON with <see cref="JsonDocument"/>,
/// without the client's mapping code.
/// </summary>
internal sealed record ExpectedResult
{
    public string? Id { get; init; }
    public string? Status { get; init; }
    public string Text { get; init; } = string.Empty;
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];
    public ResponseUsage? Usage { get; init; }

    /// <summary>True when the client must throw <see cref="Errors.ResponsesApiException"/>.</summary>
    public bool Fails { get; init; }

    /// <summary>For failures: the message the server gave, when it gave one.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>True when the response object carried output items, so the aggregate must equal them.</summary>
    public bool HasOutput { get; init; }

    /// <summary>Text, tool calls and usage from a response object's <c>output</c> and <c>usage</c>.</summary>
    public static ExpectedResult FromResponse(JsonElement response, string? fallbackStatus = null)
    {
        var text = new StringBuilder();
        var calls = new List<ToolCall>();
        var output = response.TryGetProperty("output", out var o) && o.ValueKind == JsonValueKind.Array ? o : default;
        var hasOutput = output.ValueKind == JsonValueKind.Array && output.GetArrayLength() > 0;
        if (hasOutput)
        {
            foreach (var item in output.EnumerateArray())
            {
                switch (Str(item, "type"))
                {
                    case "message" when item.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array:
                        foreach (var part in content.EnumerateArray())
                            if (Str(part, "type") == "output_text")
                                text.Append(Str(part, "text"));
                        break;
                    case "function_call":
                        var arguments = item.TryGetProperty("arguments", out var a)
                            ? a.ValueKind == JsonValueKind.String ? a.GetString()! : a.GetRawText()
                            : string.Empty;
                        calls.Add(new ToolCall(Str(item, "call_id") ?? Str(item, "id") ?? string.Empty, Str(item, "name") ?? string.Empty, arguments));
                        break;
                }
            }
        }

        var status = Str(response, "status") ?? fallbackStatus ?? "completed";
        return new ExpectedResult
        {
            Id = Str(response, "id"),
            Status = status,
            Text = text.ToString(),
            ToolCalls = calls,
            Usage = response.TryGetProperty("usage", out var usage) ? UsageOf(usage) : null,
            Fails = status == "failed",
            ErrorMessage = response.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? NonEmpty(Str(error, "message")) : null,
            HasOutput = hasOutput,
        };
    }

    /// <summary>The outcome of a Responses event stream: the first terminal event's response, or the failure it ends in.</summary>
    public static ExpectedResult FromResponsesStream(IReadOnlyList<SsePayload> payloads)
    {
        string? streamError = null;
        var sawError = false;
        foreach (var payload in payloads)
        {
            if (payload.Data.Trim() == "[DONE]")
                break;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(payload.Data);
            }
            catch (JsonException)
            {
                return new ExpectedResult { Fails = true, Status = "failed" };
            }

            using (document)
            {
                var root = document.RootElement;
                var type = Str(root, "type") ?? payload.EventName;
                switch (type)
                {
                    case "error":
                        sawError = true;
                        var nested = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? Str(e, "message") : null;
                        streamError = NonEmpty(nested) ?? NonEmpty(Str(root, "message"));
                        break;
                    case "response.completed" or "response.incomplete" or "response.failed":
                        var response = root.GetProperty("response");
                        var expected = FromResponse(response, type["response.".Length..]);
                        return sawError && expected.Fails ? expected with { ErrorMessage = streamError } : expected;
                }
            }
        }

        return new ExpectedResult { Fails = true, Status = "failed", ErrorMessage = sawError ? streamError : null };
    }

    /// <summary>
    /// What a Responses event stream's incremental events alone add up to, before its first terminal event and without
    /// any <c>*.done</c> event: text from <c>response.output_text.delta</c>, tool calls from the <c>function_call</c>
    /// items of <c>response.output_item.added</c> and their <c>response.function_call_arguments.delta</c>, each in
    /// output order. The other fields are left unset.
    /// </summary>
    public static ExpectedResult FromDeltas(IReadOnlyList<SsePayload> payloads)
    {
        // Keyed by output_index when the event has one, else by item_id in order of first appearance.
        var slots = new List<string>();
        var text = new SortedDictionary<(int Slot, int Part), StringBuilder>();
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)>();
        foreach (var payload in payloads)
        {
            if (payload.Data.Trim() == "[DONE]")
                break;
            using var document = JsonDocument.Parse(payload.Data);
            var root = document.RootElement;
            switch (Str(root, "type") ?? payload.EventName)
            {
                case "response.completed" or "response.incomplete" or "response.failed":
                    return new ExpectedResult
                    {
                        Text = string.Concat(text.Values),
                        ToolCalls = calls.Values.Select(c => new ToolCall(c.Id, c.Name, c.Arguments.ToString())).ToArray(),
                    };
                case "response.output_text.delta":
                    var part = root.TryGetProperty("content_index", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
                    TextOf(Slot(root, null), part).Append(Str(root, "delta"));
                    break;
                case "response.output_item.added" when root.TryGetProperty("item", out var item) && Str(item, "type") == "function_call":
                    calls[Slot(root, item)] = (Str(item, "call_id") ?? Str(item, "id") ?? string.Empty, Str(item, "name") ?? string.Empty,
                        new StringBuilder(Str(item, "arguments")));
                    break;
                case "response.function_call_arguments.delta":
                    if (calls.TryGetValue(Slot(root, null), out var call))
                        call.Arguments.Append(Str(root, "delta"));
                    break;
            }
        }

        throw new InvalidOperationException("The stream has no terminal event.");

        StringBuilder TextOf(int slot, int part) => text.TryGetValue((slot, part), out var builder) ? builder : text[(slot, part)] = new StringBuilder();

        int Slot(JsonElement root, JsonElement? item)
        {
            if (root.TryGetProperty("output_index", out var index) && index.ValueKind == JsonValueKind.Number)
                return index.GetInt32();
            var id = Str(root, "item_id") ?? (item is { } i ? Str(i, "id") : null) ?? string.Empty;
            if (!slots.Contains(id))
                slots.Add(id);
            return 1_000_000 + slots.IndexOf(id);
        }
    }

    /// <summary>The aggregate of a chat-completions chunk stream: choice 0's content, tool calls by index, the last usage.</summary>
    public static ExpectedResult FromChatStream(IReadOnlyList<SsePayload> payloads)
    {
        var text = new StringBuilder();
        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>();
        ResponseUsage? usage = null;
        string? finish = null;
        string? id = null;
        foreach (var payload in payloads)
        {
            if (payload.Data.Trim() == "[DONE]")
                break;
            using var document = JsonDocument.Parse(payload.Data);
            var root = document.RootElement;
            id ??= NonEmpty(Str(root, "id"));
            if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
                usage = UsageOf(u);
            if (!root.TryGetProperty("choices", out var choices))
                continue;
            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.TryGetProperty("index", out var index) && index.GetInt32() != 0)
                    continue;
                if (Str(choice, "finish_reason") is { } reason)
                    finish = reason;
                if (!choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
                    continue;
                text.Append(Str(delta, "content"));
                if (!delta.TryGetProperty("tool_calls", out var toolCalls) || toolCalls.ValueKind != JsonValueKind.Array)
                    continue;
                foreach (var call in toolCalls.EnumerateArray())
                {
                    var i = call.TryGetProperty("index", out var ci) ? ci.GetInt32() : 0;
                    var entry = calls.TryGetValue(i, out var existing) ? existing : (null, null, new StringBuilder());
                    var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
                    entry.Id ??= Str(call, "id");
                    if (function.ValueKind == JsonValueKind.Object)
                    {
                        entry.Name ??= Str(function, "name");
                        entry.Arguments.Append(Str(function, "arguments"));
                    }

                    calls[i] = entry;
                }
            }
        }

        return new ExpectedResult
        {
            Id = id,
            Status = finish is "length" or "content_filter" ? "incomplete" : "completed",
            Text = text.ToString(),
            ToolCalls = calls.Values.Select(c => new ToolCall(c.Id ?? string.Empty, c.Name ?? string.Empty, c.Arguments.ToString())).ToArray(),
            Usage = usage,
        };
    }

    private static ResponseUsage? UsageOf(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
            return null;
        var input = Long(usage, "input_tokens") ?? Long(usage, "prompt_tokens") ?? 0;
        var output = Long(usage, "output_tokens") ?? Long(usage, "completion_tokens") ?? 0;
        var total = Long(usage, "total_tokens") ?? input + output;
        var inputDetails = Obj(usage, "input_tokens_details") ?? Obj(usage, "prompt_tokens_details");
        var outputDetails = Obj(usage, "output_tokens_details") ?? Obj(usage, "completion_tokens_details");
        return new ResponseUsage(input, output, total,
            inputDetails is { } id ? Long(id, "cached_tokens") ?? 0 : 0,
            outputDetails is { } od ? Long(od, "reasoning_tokens") ?? 0 : 0);
    }

    private static JsonElement? Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
