using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Elsa.Responses.Benchmarks.Infrastructure;

namespace Elsa.Responses.Benchmarks;

/// <summary>The two ways to run: the bounded full run, and the smoke run CI uses to check that every benchmark still works.</summary>
internal static class BenchmarkConfig
{
    /// <summary>
    /// Three warm-up and fifteen measured iterations per benchmark, each in its own process: about 6 minutes on 2 cores.
    /// Fifteen rather than ten because the machine the figures come from is shared, and the median needs the samples.
    /// </summary>
    public static IConfig Full() => Common()
        .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).WithId("Bounded"));

    /// <summary>One cold invocation per benchmark, in this process: proves each one runs and returns the right thing, measures nothing.</summary>
    public static IConfig Smoke() => Common()
        .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Smoke"));

    /// <summary>No job of its own: the one given with <c>--job</c> is used.</summary>
    public static IConfig CommandLineJob() => Common();

    private static ManualConfig Common() => ManualConfig.Create(DefaultConfig.Instance)
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.Median, new MedianRatioColumn());
}
