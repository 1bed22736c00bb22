using System.Text;
using BenchmarkDotNet.Attributes;
using Elsa.Responses.Benchmarks.Infrastructure;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Streaming;
using OpenAI.Responses;
using SdkClient = OpenAI.Responses.ResponsesClient;

namespace Elsa.Responses.Benchmarks.Streaming;

/// <summary>
/// A Responses stream read to its final result: our client, OpenAI's SDK, and the floor (SSE framing plus one
/// JsonDocument per event, nothing else). All three read the same cached bytes through an HttpClient.
/// </summary>
public class StreamingBenchmarks
{
    private IResponsesClient _ours = null!;
    private SdkClient _sdk = null!;
    private HttpClient _plain = null!;

    [Params(Payloads.Text, Payloads.FunctionCalls, Payloads.Long)]
    public string Scenario { get; set; } = Payloads.Text;

    [GlobalSetup]
    public void Setup()
    {
        var payload = Payloads.Get(Scenario);
        Console.WriteLine($"// {Scenario}: {payload.Bytes.Length:N0} bytes, {payload.Source}");
        _ours = Clients.Ours(ReplayHandler.EventStream(payload.Bytes));
        _sdk = Clients.Sdk(ReplayHandler.EventStream(payload.Bytes));
        _plain = Clients.Plain(ReplayHandler.EventStream(payload.Bytes));

        // The contenders must do the same work: the same text and the same tool calls.
        Outcome.Check(Scenario, Ours().GetAwaiter().GetResult(), OpenAiSdk().GetAwaiter().GetResult());
        if (Floor().GetAwaiter().GetResult() == 0)
            throw new InvalidOperationException($"{Scenario}: the floor read no events.");
    }

    [Benchmark(Baseline = true, Description = "Ours: StreamAsync to result")]
    public async Task<Outcome> Ours()
    {
        var result = await _ours.StreamAsync(Clients.OurRequest(stream: true)).ToResultAsync();
        return Outcome.From(result);
    }

    [Benchmark(Description = "OpenAI SDK 2.15.0: streaming")]
    public async Task<Outcome> OpenAiSdk()
    {
        var text = new StringBuilder();
        var calls = new List<string>();
        var updates = await _sdk.CreateResponseStreamingAsync(Clients.SdkRequest(stream: true));
        await foreach (var update in updates)
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseOutputItemDoneUpdate { Item: FunctionCallResponseItem call }:
                    calls.Add(Outcome.Call(call.CallId, call.FunctionName, call.FunctionArguments.ToString()));
                    break;
            }
        }

        return new Outcome(text.ToString(), calls);
    }

    [Benchmark(Description = "Floor: SseParser + JsonDocument")]
    public Task<int> Floor() => StreamFloor.ReadAsync(_plain);
}
