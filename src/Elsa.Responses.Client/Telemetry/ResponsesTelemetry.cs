using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Elsa.Responses.Client.Telemetry;

/// <summary>
/// The names to subscribe to: traces from the <see cref="ActivitySourceName"/> source and metrics from the
/// <see cref="MeterName"/> meter, following the OpenTelemetry GenAI semantic conventions (v1.41). With OpenTelemetry:
/// <c>.WithTracing(t => t.AddSource(ResponsesTelemetry.ActivitySourceName)).WithMetrics(m => m.AddMeter(ResponsesTelemetry.MeterName))</c>.
/// </summary>
public static class ResponsesTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> of every span: a CLIENT span per model call, <c>invoke_agent</c> and <c>execute_tool</c> spans for agents.</summary>
    public const string ActivitySourceName = "Elsa.Responses";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of <c>gen_ai.client.token.usage</c>, <c>gen_ai.client.operation.duration</c> and <c>gen_ai.client.operation.time_to_first_chunk</c>.</summary>
    public const string MeterName = "Elsa.Responses";

    /// <summary>The span source, shared with the Elsa module's agent spans.</summary>
    public static ActivitySource Source { get; } = new(ActivitySourceName, typeof(ResponsesTelemetry).Assembly.GetName().Version?.ToString());

    internal static Meter Meter { get; } = new(MeterName, typeof(ResponsesTelemetry).Assembly.GetName().Version?.ToString());

    // Bucket boundaries the GenAI conventions recommend.
    private static readonly IReadOnlyList<long> TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly IReadOnlyList<double> SecondsBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    internal static Histogram<long> TokenUsage { get; } = Meter.CreateHistogram("gen_ai.client.token.usage", "{token}",
        "Number of input and output tokens used.", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });

    internal static Histogram<double> OperationDuration { get; } = Meter.CreateHistogram("gen_ai.client.operation.duration", "s",
        "GenAI operation duration.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    internal static Histogram<double> TimeToFirstChunk { get; } = Meter.CreateHistogram("gen_ai.client.operation.time_to_first_chunk", "s",
        "Time to receive the first chunk of a streamed response.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
}
