using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Elsa.Responses.Client.Telemetry;

namespace Elsa.Responses.Client.Tests.Telemetry;

/// <summary>
/// Listens to the Elsa.Responses ActivitySource and Meter, keeping only what a test's own model produced (tests run in
/// parallel and share the listeners): spans whose <c>gen_ai.request.model</c> is the test's model, and measurements
/// tagged with it.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryCapture(string model)
    {
        Model = model;
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ResponsesTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("gen_ai.request.model"), model))
                    _spans.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ResponsesTelemetry.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _meters.Start();
    }

    public string Model { get; }

    public IReadOnlyList<Activity> Spans => _spans.ToList();

    public IReadOnlyList<Measurement> Measurements(string instrument) => _measurements.Where(m => m.Instrument == instrument).ToList();

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
        if (Equals(copy.GetValueOrDefault("gen_ai.request.model"), Model))
            _measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, value, copy));
    }

    internal sealed record Measurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);
}
