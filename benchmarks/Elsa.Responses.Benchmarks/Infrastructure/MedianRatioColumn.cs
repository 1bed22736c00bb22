using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Elsa.Responses.Benchmarks.Infrastructure;

/// <summary>
/// Median over the baseline's median. BenchmarkDotNet's Ratio is a mean of per-iteration ratios, which one slow
/// iteration on a shared machine drags up; the medians are what docs/benchmarks.md compares.
/// </summary>
internal sealed class MedianRatioColumn : IColumn
{
    public string Id => nameof(MedianRatioColumn);
    public string ColumnName => "Median ratio";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Baseline;
    public int PriorityInCategory => -1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Median / the baseline's median, in the same group";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        var baselineMedian = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        return median is { } m && baselineMedian is > 0 ? (m / baselineMedian.Value).ToString("0.00") : "?";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
