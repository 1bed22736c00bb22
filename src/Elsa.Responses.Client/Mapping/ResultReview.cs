using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Mapping;

// What the client concludes from a finished result and the request that asked for it, where servers fall short of the
// protocol: truncation they do not report, and a named tool_choice they ignored.
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

        return reviewed;
    }
}
