using BenchmarkDotNet.Attributes;
using Elsa.Responses.Benchmarks.Infrastructure;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Benchmarks.Streaming;

/// <summary>
/// A chat-completions chunk stream (<c>choices[].delta</c> and <c>[DONE]</c>, the shape DigitalOcean's spec documents)
/// read to its final result, against the floor. OpenAI's Responses client cannot read this format, so it is not here.
/// </summary>
public class ChatChunkBenchmarks
{
    private IResponsesClient _ours = null!;
    private HttpClient _plain = null!;

    [Params(Payloads.ChatRecorded, Payloads.ChatLong)]
    public string Scenario { get; set; } = Payloads.ChatRecorded;

    [GlobalSetup]
    public void Setup()
    {
        var payload = Payloads.Get(Scenario);
        Console.WriteLine($"// {Scenario}: {payload.Bytes.Length:N0} bytes, {payload.Source}");
        _ours = Clients.Ours(ReplayHandler.EventStream(payload.Bytes));
        _plain = Clients.Plain(ReplayHandler.EventStream(payload.Bytes));

        var outcome = Ours().GetAwaiter().GetResult();
        if (outcome.Text.Length == 0 || Floor().GetAwaiter().GetResult() == 0)
            throw new InvalidOperationException($"{Scenario}: nothing was read.");
    }

    [Benchmark(Baseline = true, Description = "Ours: StreamAsync to result")]
    public async Task<Outcome> Ours()
    {
        var result = await _ours.StreamAsync(Clients.OurRequest(stream: true)).ToResultAsync();
        return Outcome.From(result);
    }

    [Benchmark(Description = "Floor: SseParser + JsonDocument")]
    public Task<int> Floor() => StreamFloor.ReadAsync(_plain);
}
