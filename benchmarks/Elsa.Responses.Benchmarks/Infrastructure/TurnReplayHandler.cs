using System.Net;

namespace Elsa.Responses.Benchmarks.Infrastructure;

/// <summary>
/// A <see cref="ReplayHandler"/> for conversations: request i gets body i modulo their number, so a run of N model calls
/// hears the N turns in order, and the next run starts again at the first. Requests must come one at a time.
/// </summary>
internal sealed class TurnReplayHandler(IReadOnlyList<byte[]> turns) : HttpMessageHandler
{
    private static readonly byte[] EmptyModelList = """{"object":"list","data":[]}"""u8.ToArray();
    private int _next;

    public int Turns => turns.Count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
            await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);

        // Only model calls take a turn: the module lists the connection's models once, for the designer's dropdown.
        var body = EmptyModelList;
        if (request.Method == HttpMethod.Post)
        {
            body = turns[_next];
            _next = (_next + 1) % turns.Count;
        }

        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
