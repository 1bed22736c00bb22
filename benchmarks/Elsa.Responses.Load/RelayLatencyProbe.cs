using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Elsa.Responses.Load;

/// <summary>One path's latencies, from the model server's write of a delta to the caller's read of it, in ms.</summary>
public sealed record LatencyFigures(string Path, int Deltas, double MedianMs, double P99Ms, double MaxMs)
{
    public static LatencyFigures From(string path, IReadOnlyList<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        return new LatencyFigures(path, sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted[^1]);
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture, $"| {Path} | {Deltas} | {MedianMs:F3} | {P99Ms:F3} | {MaxMs:F3} |");

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>
/// The relay's added latency per delta (issue 13): the model server stamps each delta with the time it writes it
/// (<see cref="Stopwatch.GetTimestamp"/>, one clock for the whole machine), and the caller takes the difference when it
/// reads that delta, once straight from the model server (the floor: HTTP on loopback and SSE framing) and once through
/// the sample server's OpenAI-compatible endpoint (samples/workflows/responses-endpoint.json: Elsa's HTTP Endpoint, Create
/// Response with RelayToHttpResponse, the client's stream reading and the relay's typed events). The difference of the
/// two is what the relay adds.
/// </summary>
public static class RelayLatencyProbe
{
    public static async Task<(LatencyFigures Direct, LatencyFigures Relayed)> RunAsync(Uri modelBase, string modelKey, Uri serverBase, string serverKey, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var direct = new Uri(modelBase, "v1/responses");
        var relayed = new Uri(serverBase, "workflows/v1/responses");

        // A warm-up of each (JIT, connection pools, the workflow's first run), not reported.
        await ReadAsync(http, direct, modelKey, ct);
        await ReadAsync(http, relayed, serverKey, ct);
        return (LatencyFigures.From("model server → caller (floor)", await ReadAsync(http, direct, modelKey, ct)),
            LatencyFigures.From("model server → sample endpoint relay → caller", await ReadAsync(http, relayed, serverKey, ct)));
    }

    private static async Task<List<double>> ReadAsync(HttpClient http, Uri url, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent($$"""{"model":"{{ModelServer.Model}}","input":"Relay latency.","stream":true}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var latencies = new List<double>();
        var isDelta = false;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                isDelta = line == "event: response.output_text.delta";
                continue;
            }

            if (!isDelta || !line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            var read = Stopwatch.GetTimestamp();
            var delta = (string?)JsonNode.Parse(line.AsSpan(6).ToString())?["delta"];
            if (delta is not null && long.TryParse(delta.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var written))
                latencies.Add(Stopwatch.GetElapsedTime(written, read).TotalMilliseconds);
        }

        if (latencies.Count == 0)
            throw new InvalidOperationException($"No stamped delta came back from {url}.");
        return latencies;
    }
}
