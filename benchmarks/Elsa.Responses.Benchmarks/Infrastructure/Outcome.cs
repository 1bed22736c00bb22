using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Benchmarks.Infrastructure;

/// <summary>What a contender produced: the text and the tool calls. Returned so the work cannot be optimized away, and compared once in setup.</summary>
public sealed record Outcome(string Text, IReadOnlyList<string> ToolCalls)
{
    internal static Outcome From(ResponseResult result) =>
        new(result.Text, result.ToolCalls.Select(c => Call(c.CallId, c.Name, c.Arguments)).ToArray());

    internal static string Call(string callId, string name, string arguments) => $"{callId} {name}({arguments})";

    internal static void Check(string scenario, Outcome ours, Outcome other)
    {
        if (ours.Text != other.Text)
            throw new InvalidOperationException($"{scenario}: the texts differ ({ours.Text.Length} vs {other.Text.Length} chars).");
        if (!ours.ToolCalls.SequenceEqual(other.ToolCalls))
            throw new InvalidOperationException($"{scenario}: the tool calls differ:\n  {string.Join("; ", ours.ToolCalls)}\n  {string.Join("; ", other.ToolCalls)}");
        if (ours.Text.Length == 0 && ours.ToolCalls.Count == 0)
            throw new InvalidOperationException($"{scenario}: nothing was read.");
    }
}
