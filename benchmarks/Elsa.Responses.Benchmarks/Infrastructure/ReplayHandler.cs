using System.Net;

namespace Elsa.Responses.Benchmarks.Infrastructure;

/// <summary>
/// Answers every request with the same cached bytes, so a benchmark measures the client and not the network.
/// It drains the request body first, as a real transport would, so request serialization stays in the measurement.
/// Everything completes synchronously over a MemoryStream.
/// </summary>
internal sealed class ReplayHandler(byte[] body, string mediaType) : HttpMessageHandler
{

    public static ReplayHandler EventStream(byte[] body) => new(body, "text/event-stream");

    public static ReplayHandler Json(byte[] body) => new(body, "application/json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
            await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);

        // ByteArrayContent hands out a read-only MemoryStream over the cached array: no copy per request.
        var content = new ByteArrayContent(body);
        // As a socket transport leaves it: the header as received, parsed only if someone asks for the typed value.
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
