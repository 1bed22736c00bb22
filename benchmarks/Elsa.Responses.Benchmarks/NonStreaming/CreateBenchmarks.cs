using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Elsa.Responses.Benchmarks.Infrastructure;
using Elsa.Responses.Client;
using OpenAI.Responses;
using SdkClient = OpenAI.Responses.ResponsesClient;

namespace Elsa.Responses.Benchmarks.NonStreaming;

/// <summary>
/// A large non-streaming response (about 100 KB of text and 20 function calls) read into a result: our CreateAsync,
/// OpenAI's CreateResponseAsync, and the floor (one JsonDocument over the body).
/// </summary>
public class CreateBenchmarks
{
    private IResponsesClient _ours = null!;
    private SdkClient _sdk = null!;
    private HttpClient _plain = null!;

    [GlobalSetup]
    public void Setup()
    {
        var payload = Payloads.LargeBody();
        Console.WriteLine($"// large body: {payload.Bytes.Length:N0} bytes, {payload.Source}");
        _ours = Clients.Ours(ReplayHandler.Json(payload.Bytes));
        _sdk = Clients.Sdk(ReplayHandler.Json(payload.Bytes));
        _plain = Clients.Plain(ReplayHandler.Json(payload.Bytes));

        Outcome.Check("large body", Ours().GetAwaiter().GetResult(), OpenAiSdk().GetAwaiter().GetResult());
        if (Floor().GetAwaiter().GetResult() == 0)
            throw new InvalidOperationException("large body: the floor read no output items.");
    }

    [Benchmark(Baseline = true, Description = "Ours: CreateAsync")]
    public async Task<Outcome> Ours() => Outcome.From(await _ours.CreateAsync(Clients.OurRequest(stream: false)));

    [Benchmark(Description = "OpenAI SDK 2.15.0: CreateResponseAsync")]
    public async Task<Outcome> OpenAiSdk()
    {
        var response = (await _sdk.CreateResponseAsync(Clients.SdkRequest(stream: false))).Value;
        var calls = response.OutputItems.OfType<FunctionCallResponseItem>()
            .Select(c => Outcome.Call(c.CallId, c.FunctionName, c.FunctionArguments.ToString()))
            .ToArray();
        return new Outcome(response.GetOutputText(), calls);
    }

    [Benchmark(Description = "Floor: HttpClient + JsonDocument")]
    public async Task<int> Floor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Clients.ResponsesUri) { Content = new ByteArrayContent(Clients.FloorRequestBody) };
        using var response = await _plain.SendAsync(request);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var document = await JsonDocument.ParseAsync(stream);
        return document.RootElement.GetProperty("output").GetArrayLength();
    }
}
