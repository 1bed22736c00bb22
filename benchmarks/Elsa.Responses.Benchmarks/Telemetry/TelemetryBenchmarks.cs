using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Elsa.Responses.Benchmarks.Infrastructure;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Telemetry;

namespace Elsa.Responses.Benchmarks.Telemetry;

/// <summary>
/// What the client's telemetry costs per call: the same call with nothing listening (the baseline) and with an
/// <see cref="ActivityListener"/> that records every span of the Elsa.Responses source (AllDataAndRecorded) and a
/// <see cref="MeterListener"/> that takes every measurement of the Elsa.Responses meter. A small non-streaming body and
/// a recorded 17-event stream, so that the telemetry is not lost in parsing; and the telemetry alone (start, first
/// chunk, completion) without a call around it.
/// </summary>
/// <remarks>
/// The listeners are global to the process: they are added by the setup of the rows that listen only, and removed by
/// their cleanup, so the no-listener rows never see one (each row runs in its own process in a full run, one after
/// another in the smoke run). Logging is off in both (the client's default NullLogger).
/// </remarks>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[Config(typeof(Columns))]
public class TelemetryBenchmarks
{
    private const string NonStreaming = "non-streaming";
    private const string Streaming = "streaming";
    private const string Alone = "telemetry alone";

    private IResponsesClient _json = null!;
    private IResponsesClient _stream = null!;
    private Client.Results.ResponseResult _result = null!;
    private ActivityListener? _activities;
    private MeterListener? _meters;
    private long _measurements;

    [GlobalSetup(Targets = [nameof(NonStreamingQuiet), nameof(StreamingQuiet), nameof(AloneQuiet)])]
    public void Setup()
    {
        var body = Payloads.SmallBody();
        var events = Payloads.Get(Payloads.Text);
        Console.WriteLine($"// small body: {body.Bytes.Length:N0} bytes, {body.Source}; stream: {events.Bytes.Length:N0} bytes, {events.Source}");
        _json = Clients.Ours(ReplayHandler.Json(body.Bytes));
        _stream = Clients.Ours(ReplayHandler.EventStream(events.Bytes));
        _result = _json.CreateAsync(Clients.OurRequest(stream: false)).GetAwaiter().GetResult();
        if (ResponsesTelemetry.Source.HasListeners())
            throw new InvalidOperationException("A listener is attached to the Elsa.Responses source in a no-listener row.");
    }

    [GlobalSetup(Targets = [nameof(NonStreamingListening), nameof(StreamingListening), nameof(AloneListening)])]
    public void SetupListening()
    {
        Setup();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ResponsesTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ResponsesTelemetry.MeterName)
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => _measurements++);
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => _measurements++);
        _meters.Start();

        // The rows must measure what they say: a span and the duration and token measurements per call.
        var before = _measurements;
        System.Diagnostics.Activity? seen = null;
        _activities.ActivityStopped = activity => seen = activity;
        _json.CreateAsync(Clients.OurRequest(stream: false)).GetAwaiter().GetResult();
        _activities.ActivityStopped = null;
        if (seen is not { DisplayName: "chat gpt-4o-mini" } || _measurements - before < 3)
            throw new InvalidOperationException($"The listeners saw {(seen is null ? "no span" : seen.DisplayName)} and {_measurements - before} measurements.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activities?.Dispose();
        _meters?.Dispose();
        _activities = null;
        _meters = null;
    }

    [Benchmark(Baseline = true, Description = "CreateAsync, nothing listening")]
    [BenchmarkCategory(NonStreaming)]
    public async Task<Outcome> NonStreamingQuiet() => Outcome.From(await _json.CreateAsync(Clients.OurRequest(stream: false)));

    [Benchmark(Description = "CreateAsync, listeners attached")]
    [BenchmarkCategory(NonStreaming)]
    public async Task<Outcome> NonStreamingListening() => Outcome.From(await _json.CreateAsync(Clients.OurRequest(stream: false)));

    [Benchmark(Baseline = true, Description = "StreamAsync to result, nothing listening")]
    [BenchmarkCategory(Streaming)]
    public async Task<Outcome> StreamingQuiet() => Outcome.From(await _stream.StreamAsync(Clients.OurRequest(stream: true)).ToResultAsync());

    [Benchmark(Description = "StreamAsync to result, listeners attached")]
    [BenchmarkCategory(Streaming)]
    public async Task<Outcome> StreamingListening() => Outcome.From(await _stream.StreamAsync(Clients.OurRequest(stream: true)).ToResultAsync());

    [Benchmark(Baseline = true, Description = "CallTelemetry start, first chunk, completed; nothing listening")]
    [BenchmarkCategory(Alone)]
    public void AloneQuiet() => CallOnce();

    [Benchmark(Description = "CallTelemetry start, first chunk, completed; listeners attached")]
    [BenchmarkCategory(Alone)]
    public void AloneListening() => CallOnce();

    private void CallOnce()
    {
        using var telemetry = CallTelemetry.Start(StreamRequest, Options, "benchmark", TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, static text => text);
        telemetry.FirstChunk();
        telemetry.Completed(_result);
    }

    // Made once: the rows measure the telemetry, not the request.
    private static readonly ResponsesClientOptions Options = new() { BaseUrl = Clients.BaseUrl, ApiKey = "sk-benchmark" };
    private static readonly Client.Requests.ResponseRequest StreamRequest = Clients.OurRequest(stream: true);

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new MedianDeltaColumn());
    }
}
