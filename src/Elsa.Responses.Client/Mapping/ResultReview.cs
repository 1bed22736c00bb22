using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Structured;

namespace Elsa.Responses.Client.Mapping;

// What the client concludes from a finished result and the request that asked for it, where servers fall short of the
// protocol: truncation they do not report, a named tool_choice they ignored, and a text.format they may not follow (the
// answer is parsed and checked against it here).
internal static class ResultReview
{
    public const string MaxOutputTokensReason = "max_output_tokens";

    public static ResponseResult Review(ResponseRequest request, ResponseResult result)
    {
        if (result.Status != ResponseStatus.Completed)
            return result;

        var reviewed = result;
        // llama.cpp, Ollama and older vLLM say "completed" when they stop at max_output_tokens.
        if (request.MaxOutputTokens is { } limit && result.Usage is { } usage && usage.OutputTokens >= limit)
            reviewed = reviewed with { Status = ResponseStatus.Incomplete, IncompleteReason = MaxOutputTokensReason, IncompleteInferred = true };

        if (request.ToolChoice?.FunctionName is { } name && !result.ToolCalls.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal)))
            reviewed = reviewed with
            {
                Warnings = [.. reviewed.Warnings, $"tool_choice named the function '{name}', but the server did not call it (it may not support a named tool_choice)."],
            };

        // An answer cut short is incomplete above and never parsed: a half object is not taken for a whole one. A turn that
        // calls tools has no answer yet.
        if (request.TextFormat is { ExpectsJson: true } format && reviewed.Status == ResponseStatus.Completed && reviewed.ToolCalls.Count == 0)
            reviewed = StructuredAnswer.Check(reviewed, format);

        return reviewed;
    }
}
