namespace Elsa.Responses.Client.Results;

/// <summary>Token counts. Missing counts are zero; <see cref="TotalTokens"/> falls back to input plus output when a server omits it.</summary>
/// <param name="InputTokens">Tokens in the input, including the instructions.</param>
/// <param name="OutputTokens">Tokens generated, including reasoning tokens.</param>
/// <param name="TotalTokens">Input plus output, as the server reported it.</param>
/// <param name="CachedTokens">Input tokens served from the prompt cache.</param>
/// <param name="ReasoningTokens">Output tokens spent on reasoning.</param>
public sealed record ResponseUsage(long InputTokens, long OutputTokens, long TotalTokens, long CachedTokens, long ReasoningTokens)
{
    /// <summary>The usage of two calls together; either may be null (a server that reported none).</summary>
    public static ResponseUsage? Sum(ResponseUsage? a, ResponseUsage? b) =>
        a is null ? b
        : b is null ? a
        : new ResponseUsage(a.InputTokens + b.InputTokens, a.OutputTokens + b.OutputTokens, a.TotalTokens + b.TotalTokens,
            a.CachedTokens + b.CachedTokens, a.ReasoningTokens + b.ReasoningTokens);
}
