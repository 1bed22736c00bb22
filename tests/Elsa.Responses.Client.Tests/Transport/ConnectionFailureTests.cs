using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>A connection that breaks after the stream has started: the text so far is kept, and nothing is retried.</summary>
public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task StreamAsync_SocketResetMidStream_TransportErrorWithPartialTextAndNoRetry()
    {
        var deltasSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FakeServer(async connection =>
        {
            await connection.SendSseHeadAsync();
            await connection.WriteAsync(SseChunks.PartialAnswer);
            // Reset only once the client has read both deltas, so none are lost in flight.
            await deltasSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            connection.Reset();
        });
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.MaxRetryAttempts = 3;
        });
        var deltas = new List<string>();

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(async () =>
        {
            await foreach (var update in host.Client.StreamAsync(SampleRequests.Text()))
            {
                deltas.Add(update.Delta);
                if (deltas.Count == 2)
                    deltasSeen.SetResult();
            }
        });

        Assert.Equal(ErrorTypes.Transport, exception.Error.Type);
        Assert.Equal(["Partial ", "answer"], deltas);
        Assert.Equal("Partial answer", exception.Partial.Text);
        Assert.Equal(ResponseStatus.Failed, exception.Partial.Status);
        Assert.Equal(exception.Error, exception.Partial.Error);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task CreateAsync_BodyStreamThrowsIOException_TransportErrorWithPartialText()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(SseChunks.PartialAnswer);
        var handler = ReplayHandler.Sse(ChunkedStream.Split(bytes, 40, 200), StreamEnd.Throw);
        using var host = TestClients.ViaServices(o => o.MaxRetryAttempts = 3, handler);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal(ErrorTypes.Transport, exception.Error.Type);
        Assert.Equal("Partial answer", exception.Partial.Text);
        Assert.IsAssignableFrom<IOException>(exception.InnerException);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CreateAsync_ServerRefusesConnections_RetriedThenConnectionError()
    {
        // A port that was just free: connecting is refused at once.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = new Uri($"http://127.0.0.1:{port}");
            o.MaxRetryAttempts = 1;
        });

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(ErrorTypes.Connection, exception.Error.Type);
        Assert.StartsWith("The connection to the Responses server failed", exception.Message);
        Assert.Null(exception.StatusCode);
    }
}
