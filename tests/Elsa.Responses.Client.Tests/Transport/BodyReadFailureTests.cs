using System.Text;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>
/// Every read of a response body, over a real loopback socket: an error body, the JSON answer to a streamed request
/// and an event stream, each cut short, reset or badly chunked, comes out as a <c>transport_error</c> that keeps what
/// had arrived, never as a raw <see cref="HttpRequestException"/> or <see cref="IOException"/>. (An event stream reset
/// midway is <c>ConnectionFailureTests.StreamAsync_SocketResetMidStream_TransportErrorWithPartialTextAndNoRetry</c>.)
/// </summary>
public sealed class BodyReadFailureTests
{
    [Fact]
    public async Task CreateAsync_ErrorBodyResetMidway_TransportError()
    {
        var headersRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FakeServer(async connection =>
        {
            await connection.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n");
            await connection.WriteAsync("""{"error":{"message":"Unknown param""");
            // Reset only once the client has the headers: a reset before them is a connection_error, not a body read.
            await headersRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
            connection.Reset();
        });
        var client = TestClients.Direct(new HeadersSignal(headersRead), o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        AssertTransportError(exception, "");
    }

    [Fact]
    public async Task CreateAsync_ErrorBodyShorterThanContentLength_TransportError()
    {
        await using var server = new FakeServer(async connection =>
        {
            await connection.WriteAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 400\r\nConnection: close\r\n\r\n");
            await connection.WriteAsync("""{"error":{"message":"Overloaded""");
            // An orderly close, 370 bytes short of the announced length.
        });
        var client = SocketClient(server);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        AssertTransportError(exception, "");
    }

    [Theory]
    [InlineData(true)] // a server that ignores "stream": true answers with a response object
    [InlineData(false)]
    public async Task CreateAsync_JsonAnswerShorterThanContentLength_TransportError(bool stream)
    {
        await using var server = new FakeServer(async connection =>
        {
            await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n");
            await connection.WriteAsync("""{"id":"resp_cut","object":"response","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"Hel""");
        });
        var client = SocketClient(server);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream)));

        AssertTransportError(exception, "");
    }

    [Theory]
    [InlineData("zz\r\n")] // a chunk size that is not hexadecimal
    [InlineData("10\r\nshort")] // a chunk of 16 bytes, with 5 sent before the connection closes
    public async Task StreamAsync_BrokenChunkedEventStream_TransportErrorWithPartialText(string brokenChunk)
    {
        var deltasSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FakeServer(async connection =>
        {
            await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            var events = Encoding.UTF8.GetBytes(SseChunks.PartialAnswer);
            await connection.WriteAsync($"{events.Length:x}\r\n{SseChunks.PartialAnswer}\r\n");
            // The broken chunk only once the client has read both deltas: HttpClient drops the bytes of a read that
            // fails, so a good chunk and a broken one in the same read would lose the good one.
            await deltasSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await connection.WriteAsync(brokenChunk);
        });
        var client = SocketClient(server);
        var deltas = new List<string>();

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(async () =>
        {
            await foreach (var update in client.StreamAsync(SampleRequests.Text()))
            {
                deltas.Add(update.Delta);
                if (deltas.Count == 2)
                    deltasSeen.SetResult();
            }
        });

        Assert.Equal(["Partial ", "answer"], deltas);
        AssertTransportError(exception, "Partial answer");
    }

    // The client straight over a socket handler: no retries, so each test sees its one scripted connection.
    private static IResponsesClient SocketClient(FakeServer server) =>
        TestClients.Direct(new SocketsHttpHandler(), o => o.BaseUrl = server.BaseUrl);

    // Signals once the response headers have arrived.
    private sealed class HeadersSignal(TaskCompletionSource headersRead) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            headersRead.TrySetResult();
            return response;
        }
    }

    private static void AssertTransportError(ResponsesApiException exception, string partialText)
    {
        Assert.Equal(ErrorTypes.Transport, exception.Error.Type);
        Assert.StartsWith("Reading the response failed", exception.Message);
        Assert.Equal(ResponseStatus.Failed, exception.Partial.Status);
        Assert.Equal(exception.Error, exception.Partial.Error);
        Assert.Equal(partialText, exception.Partial.Text);
    }
}
