using Elsa.Responses.Client.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Elsa.Responses.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the sample: the Responses spans and metrics, the workflows API's requests and the outgoing HTTP
/// calls. They go to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, else to the console unless <c>Telemetry:Console</c>
/// is false; with neither, nothing is registered and nothing listens.
/// </summary>
public static class SampleTelemetry
{
    /// <summary>The switch for the console exporter (default true).</summary>
    public const string ConsoleKey = "Telemetry:Console";

    /// <summary>The standard OTLP variable; the exporter reads it, and the rest of the OTEL_EXPORTER_OTLP_* family, itself.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Registers tracing and metrics with the chosen exporter; returns where they go ("OTLP …", "console" or "off").</summary>
    public static string AddSampleTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = configuration[OtlpEndpointKey] is { Length: > 0 } endpoint ? endpoint : null;
        var console = otlp is null && configuration.GetValue(ConsoleKey, defaultValue: true);
        if (otlp is null && !console)
            return "off";

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "Elsa.Responses.Server"))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(ResponsesTelemetry.ActivitySourceName)
                    // The API only: the Studio's hundreds of static files would bury the workflow spans.
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => context.Request.Path.StartsWithSegments("/elsa/api"))
                    .AddHttpClientInstrumentation();
                if (otlp is not null)
                    tracing.AddOtlpExporter();
                else
                    tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ResponsesTelemetry.MeterName);
                if (otlp is not null)
                    metrics.AddOtlpExporter();
                else
                    metrics.AddConsoleExporter();
            });
        return otlp is not null ? $"OTLP, {otlp}" : "console";
    }
}
