namespace Elsa.Responses.Client.Agents;

/// <summary>What stops an agent loop that would otherwise go on.</summary>
/// <param name="MaxIterations">The most model calls in one run, 1 or more.</param>
/// <param name="MaxTotalTokens">A budget over the summed <see cref="Results.ResponseUsage.TotalTokens"/> of every call; null for none.</param>
/// <param name="MaxConsecutiveToolErrors">Tool errors in a row (bad arguments, unknown tools, faults) that end the run.</param>
public sealed record AgentLimits(int MaxIterations = AgentLimits.DefaultMaxIterations, long? MaxTotalTokens = null, int MaxConsecutiveToolErrors = AgentLimits.DefaultMaxConsecutiveToolErrors)
{
    /// <summary>Model calls per run when nothing else is set.</summary>
    public const int DefaultMaxIterations = 10;

    /// <summary>Tool errors in a row that end a run.</summary>
    public const int DefaultMaxConsecutiveToolErrors = 3;
}
