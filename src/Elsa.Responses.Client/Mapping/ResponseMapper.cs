using System.Text.Json;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Wire;

namespace Elsa.Responses.Client.Mapping;

// Maps a response object to a ResponseResult. Both the non-streaming call and a stream's terminal event end here.
internal static class ResponseMapper
{
    public const string ReasoningSeparator = "\n\n";

    public static ResponseResult ToResult(WireResponse wire, RawResponseJson raw)
    {
        // Parts are joined once at the end: a message of one part, the usual case, keeps its string without a copy.
        var text = new List<string>();
        var refusal = new List<string>();
        var reasoning = new List<string>();
        var toolCalls = new List<ToolCall>();
        foreach (var item in wire.Output ?? [])
        {
            switch (item.Type)
            {
                case "message":
                    foreach (var part in item.Content ?? [])
                    {
                        if (part.Type == "output_text" && part.Text is not null)
                            text.Add(part.Text);
                        else if (part.Type == "refusal" && part.Refusal is not null)
                            refusal.Add(part.Refusal);
                    }

                    break;
                case "reasoning":
                    AddReasoning(item, reasoning);
                    break;
                case "function_call":
                    toolCalls.Add(new ToolCall(item.CallId ?? item.Id ?? string.Empty, item.Name ?? string.Empty, item.Arguments ?? string.Empty));
                    break;
            }
        }

        return new ResponseResult
        {
            Id = wire.Id,
            Model = wire.Model,
            CreatedAt = ToTime(wire.CreatedAt ?? wire.Created),
            // A response object without a status is how several servers write a finished one.
            Status = new ResponseStatus(wire.Status ?? ResponseStatus.Completed.Value),
            IncompleteReason = wire.IncompleteDetails?.Reason,
            Error = wire.Error is null ? null : ErrorFactory.FromWire(wire.Error, "The response failed."),
            Text = string.Concat(text),
            Reasoning = string.Join(ReasoningSeparator, reasoning),
            Refusal = refusal.Count == 0 ? null : string.Concat(refusal),
            ToolCalls = toolCalls,
            Usage = ToUsage(wire.Usage),
            // Raw and the output items (views into it) come from the object as sent.
            RawJson = raw,
            ReadFromRaw = true,
        };
    }

    public static void AddReasoning(WireOutputItem item, List<string> parts)
    {
        // OpenAI sends summaries; DigitalOcean, vLLM, llama.cpp and LM Studio send reasoning_text content.
        foreach (var part in item.Summary ?? [])
            if (!string.IsNullOrEmpty(part.Text))
                parts.Add(part.Text);
        foreach (var part in item.Content ?? [])
            if (part.Type == "reasoning_text" && !string.IsNullOrEmpty(part.Text))
                parts.Add(part.Text);
    }


    public static ResponseUsage? ToUsage(WireUsage? usage)
    {
        if (usage is null)
            return null;
        var input = usage.InputTokens ?? usage.PromptTokens ?? 0;
        var output = usage.OutputTokens ?? usage.CompletionTokens ?? 0;
        return new ResponseUsage(
            input,
            output,
            usage.TotalTokens ?? input + output,
            (usage.InputTokensDetails ?? usage.PromptTokensDetails)?.CachedTokens ?? 0,
            (usage.OutputTokensDetails ?? usage.CompletionTokensDetails)?.ReasoningTokens ?? 0);
    }

    public static DateTimeOffset? ToTime(double? unixSeconds) =>
        unixSeconds is { } seconds && seconds > 0 && seconds < 253402300799 ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null;
}
