using System.Net;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>
/// The per-attempt timeout (waiting for headers) and the total timeout (the whole call, stream included), on the
/// client's fake clock: they fire when the test moves time past them, never sooner, however slow the machine.
/// </summary>
public sealed class TimeoutTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(100);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task CreateAsync_NoHeadersWithinAttemptTimeout_TimeoutErrorAfterRetries()
    {
        await using var server = new FakeServer(connection => connection.StallAsync());
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.AttemptTimeout = AttemptTimeout;
            o.TotalTimeout = TotalTimeout;
            o.MaxRetryAttempts = 1;
        });

        var call = host.Client.CreateAsync(SampleRequests.Text());
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            // The request has arrived and the server is keeping quiet: the attempt times out only when its time is up.
            await server.WaitForRequestsAsync(attempt);
            await host.Clock.WaitUntilArmedAsync(AttemptTimeout, attempt);
            host.Clock.Advance(AttemptTimeout - Tick);
            Assert.Equal(attempt, server.Requests.Count);
            Assert.False(call.IsCompleted);
            host.Clock.Advance(Tick);
        }

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => call.WaitAsync(Eventually.Patience));

        Assert.Equal(ErrorTypes.Timeout, exception.Error.Type);
        Assert.Contains("per-attempt timeout", exception.Message);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task StreamAsync_ServerGoesQuietMidStream_TotalTimeoutKeepsPartialText()
    {
        await using var server = new FakeServer(async connection =>
        {
            await connection.SendSseHeadAsync();
            await connection.WriteAsync(SseChunks.PartialAnswer);
            await connection.StallAsync();
        });
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.AttemptTimeout = AttemptTimeout;
            o.TotalTimeout = TotalTimeout;
        });
        var deltas = new List<string>();

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(async () =>
        {
            await foreach (var update in host.Client.StreamAsync(SampleRequests.Text()))
            {
                deltas.Add(update.Delta);
                if (deltas.Count < 2)
                    continue;
                // Both deltas are in and the server has gone quiet: the deadline, armed when the call started, is
                // not up until the whole total timeout has passed.
                Assert.Contains(TotalTimeout, host.Clock.Armed);
                host.Clock.Advance(TotalTimeout - Tick);
                Assert.Equal(1, server.Connections);
                host.Clock.Advance(Tick);
            }
        });

        Assert.Equal(ErrorTypes.Timeout, exception.Error.Type);
        Assert.Contains("total timeout", exception.Message);
        Assert.Equal(["Partial ", "answer"], deltas);
        Assert.Equal("Partial answer", exception.Partial.Text);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task CreateAsync_InMemoryStreamStalls_TotalTimeoutKeepsPartialText()
    {
        var clock = new TestClock();
        var body = new ChunkedStream([System.Text.Encoding.UTF8.GetBytes(SseChunks.PartialAnswer)], StreamEnd.Stall);
        var handler = new ReplayHandler(_ => ReplayHandler.Response(HttpStatusCode.OK, "text/event-stream", body));
        var client = TestClients.Direct(handler, o => o.TotalTimeout = TotalTimeout, clock);

        var call = client.CreateAsync(SampleRequests.Text(stream: true));
        await clock.WaitUntilArmedAsync(TotalTimeout);
        await body.Stalled.WaitAsync(Eventually.Patience);
        clock.Advance(TotalTimeout - Tick);
        Assert.False(call.IsCompleted);
        clock.Advance(Tick);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => call.WaitAsync(Eventually.Patience));
        Assert.Equal(ErrorTypes.Timeout, exception.Error.Type);
        Assert.Equal("Partial answer", exception.Partial.Text);
    }
}
