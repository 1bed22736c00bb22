using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>A request as the handler received it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, HttpRequestHeaders Headers, string? ContentType, string Body);

/// <summary>
/// An in-memory server: replays a canned response for every request, delivering the body in the given chunks, and
/// records what was sent. Feeds the same <see cref="IResponsesClient"/> code path as a socket would.
/// </summary>
internal sealed class ReplayHandler(Func<int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToArray();
        }
    }

    /// <summary>A 200 <c>text/event-stream</c> response whose body arrives in <paramref name="chunks"/>.</summary>
    public static ReplayHandler Sse(IReadOnlyList<byte[]> chunks, StreamEnd end = StreamEnd.Eof) =>
        new(_ => Response(HttpStatusCode.OK, "text/event-stream", new ChunkedStream(chunks, end)));

    /// <summary>A 200 <c>text/event-stream</c> response with the whole body in one chunk.</summary>
    public static ReplayHandler Sse(byte[] body) => Sse([body]);

    /// <summary>A response with a JSON body.</summary>
    public static ReplayHandler Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(_ => Response(status, "application/json", new MemoryStream(Encoding.UTF8.GetBytes(body))));

    public static HttpResponseMessage Response(HttpStatusCode status, string contentType, Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new HttpResponseMessage(status) { Content = content };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        int attempt;
        lock (_requests)
        {
            attempt = _requests.Count;
            _requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Headers, request.Content?.Headers.ContentType?.ToString(), body));
        }

        var response = respond(attempt);
        response.RequestMessage = request;
        return response;
    }
}
