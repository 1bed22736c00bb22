namespace Elsa.Responses.Load;

/// <summary>How one batch of K instances of one workflow ended, as the API reports it, and how long they took.</summary>
public sealed record BatchResult(
    WorkflowKind Kind,
    int K,
    int Completed,
    int Failed,
    int Running,
    int Missing,
    TimeSpan Wall,
    double[] LatenciesMs,
    double[] QueuedMs,
    double[] ModelMs,
    string[] FailureSamples)
{
    /// <summary>Every instance completed; none failed, none still running, none missing.</summary>
    public bool Ok => Completed == K && Failed == 0 && Running == 0 && Missing == 0;

    /// <summary>Completed instances per second, from the first dispatch to the last FinishedAt.</summary>
    public double Throughput => Wall.TotalSeconds > 0 ? Completed / Wall.TotalSeconds : 0;

    /// <summary>The model server's median answer time: what the tool takes out of each instance's latency.</summary>
    public double ModelMedianMs => Percentile(ModelMs, 50);

    /// <summary>A percentile of CreatedAt→FinishedAt minus the model's median answer time.</summary>
    public double OverheadMs(double percentile) => Percentile(LatenciesMs, percentile) - ModelMedianMs;

    /// <summary>Nearest-rank percentile; NaN for no values.</summary>
    public static double Percentile(double[] values, double percentile)
    {
        if (values.Length == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The report's table header.</summary>
    public const string Header =
        "| kind | K | completed | failed | running | missing | wall s | inst/s | e2e p50 ms | e2e p99 ms | model p50 ms | model p99 ms | overhead p50 ms | overhead p99 ms | queued p50 ms | queued p99 ms |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    /// <summary>One row of the report's table.</summary>
    public string Row() =>
        $"| {Kind.Name} | {K} | {Completed} | {Failed} | {Running} | {Missing} | {Wall.TotalSeconds:F1} | {Throughput:F1} | " +
        $"{Percentile(LatenciesMs, 50):F0} | {Percentile(LatenciesMs, 99):F0} | {ModelMedianMs:F0} | {Percentile(ModelMs, 99):F0} | " +
        $"{OverheadMs(50):F0} | {OverheadMs(99):F0} | {Percentile(QueuedMs, 50):F0} | {Percentile(QueuedMs, 99):F0} |";
}
