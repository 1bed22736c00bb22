using BenchmarkDotNet.Running;
using Elsa.Responses.Benchmarks;
using Elsa.Responses.Benchmarks.Infrastructure;

// dotnet run -c Release --project benchmarks/Elsa.Responses.Benchmarks -- --filter '*'             the full, bounded run
// dotnet run -c Release --project benchmarks/Elsa.Responses.Benchmarks -- --smoke                  every benchmark once, in process (CI)
// dotnet run -c Release --project benchmarks/Elsa.Responses.Benchmarks -- --job dry --filter '*'   every benchmark once, one process each
var smoke = args.Contains("--smoke");
var rest = args.Where(a => a != "--smoke").ToArray();
if (smoke && !rest.Contains("--filter"))
    rest = [.. rest, "--filter", "*"];

#if WITH_ELSA
// BenchmarkDotNet rebuilds this project for each out-of-process job, and MSBuild reads environment variables as
// properties: this keeps the activity benchmark in the rebuild.
Environment.SetEnvironmentVariable("WithElsa", "true");
#endif

// A job named on the command line (--job dry, --job short, …) replaces the bounded job instead of running beside it.
var config = smoke ? BenchmarkConfig.Smoke() : rest.Contains("--job") ? BenchmarkConfig.CommandLineJob() : BenchmarkConfig.Full();

Console.WriteLine(Fixtures.RootDirectory is { } root
    ? $"// Fixtures: {root}"
    : "// Fixtures: not found; the recorded scenarios use SYNTHETIC data generated in code.");
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);

// A benchmark that throws (for example a setup check that found the contenders disagree) must fail the run.
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
