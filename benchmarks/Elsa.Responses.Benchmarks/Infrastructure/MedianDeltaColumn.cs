using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Elsa.Responses.Benchmarks.Infrastructure;

/// <summary>
/// Median minus the baseline's median, in the same group: what a row adds to its baseline per operation. With
/// <c>OperationsPerInvoke</c> set to the model calls of a run, that is the added time per model call.
/// </summary>
internal sealed class MedianDeltaColumn : IColumn
{
    public string Id => nameof(MedianDeltaColumn);
    public string ColumnName => "Median - baseline";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Baseline;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Median minus the baseline's median, in the same group, in microseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        var baselineMedian = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        return median is { } m && baselineMedian is { } b ? $"{(m - b) / 1000:+0.0;-0.0;0.0} µs" : "?";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
