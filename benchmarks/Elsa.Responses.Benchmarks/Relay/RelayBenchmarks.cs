using BenchmarkDotNet.Attributes;
using Elsa.Responses.Client.Relay;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Benchmarks.Relay;

/// <summary>
/// The relay's own cost (issue 13): 1,000 text deltas, already read by the client, written as OpenAI typed events by
/// <see cref="ResponseEventWriter"/> to a stream that keeps nothing. Allocated ÷ 1,000 is the relay's allocation per
/// delta; the floor formats the same frames from preformatted bytes, so the difference is the JSON writing and the
/// item bookkeeping. The latency through the whole sample endpoint is measured by the load tool (--relay-deltas).
/// </summary>
public class RelayBenchmarks
{
    public const int Deltas = 1000;

    private ResponseUpdate[] _updates = null!;
    private byte[][] _frames = null!;

    [GlobalSetup]
    public void Setup()
    {
        _updates = [.. Enumerable.Range(0, Deltas).Select(i => new ResponseUpdate(ResponseUpdateKind.TextDelta, i == 0 ? "w0" : " w" + i, 0)),
            new ResponseUpdate(ResponseUpdateKind.Completed, string.Empty, 0, result: new ResponseResult
            {
                Status = ResponseStatus.Completed,
                Text = string.Concat(Enumerable.Range(0, Deltas).Select(i => i == 0 ? "w0" : " w" + i)),
            })];
        _frames = [.. _updates.Take(Deltas).Select(u => System.Text.Encoding.UTF8.GetBytes(
            $"event: response.output_text.delta\ndata: {{\"type\":\"response.output_text.delta\",\"delta\":\"{u.Delta}\"}}\n\n"))];
        var check = new MemoryStream();
        RelayAsync(check).GetAwaiter().GetResult();
        var relayed = System.Text.Encoding.UTF8.GetString(check.ToArray()).Split("event: response.output_text.delta\n").Length - 1;
        if (relayed != Deltas)
            throw new InvalidOperationException($"The relay wrote {relayed} deltas, not {Deltas}.");
    }

    [Benchmark(Baseline = true, Description = "Relay: 1,000 deltas as typed events")]
    public Task<int> Relay() => RelayAsync(Stream.Null);

    private async Task<int> RelayAsync(Stream destination)
    {
        var writer = new ResponseEventWriter(destination, "bench-model");
        var result = await writer.RelayAsync(Updates());
        await writer.CompleteAsync(result.Status, result.Usage);
        return result.Status == ResponseStatus.Completed ? Deltas : 0;
    }

    [Benchmark(Description = "Floor: the same frames, preformatted, written and flushed")]
    public async Task<int> Floor()
    {
        var destination = Stream.Null;
        foreach (var frame in _frames)
        {
            await destination.WriteAsync(frame);
            await destination.FlushAsync();
        }

        return _frames.Length;
    }

    private async IAsyncEnumerable<ResponseUpdate> Updates()
    {
        foreach (var update in _updates)
        {
            await Task.CompletedTask;
            yield return update;
        }
    }
}
