using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Elsa.Responses.Benchmarks.Infrastructure;

// The floor both streaming benchmarks compare against: SseParser and a JsonDocument per event, nothing else.
internal static class StreamFloor
{
    public static async Task<int> ReadAsync(HttpClient plain)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Clients.ResponsesUri) { Content = new ByteArrayContent(Clients.FloorRequestBody) };
        using var response = await plain.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var events = 0;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync())
        {
            // Chat-chunk streams end with [DONE]; Responses streams never send it.
            if (item.Data == "[DONE]")
                break;
            using var document = JsonDocument.Parse(item.Data);
            events++;
        }

        return events;
    }
}
