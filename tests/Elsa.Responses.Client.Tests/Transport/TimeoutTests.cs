using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>The per-attempt timeout (waiting for headers) and the total timeout (the whole call, stream included).</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task CreateAsync_NoHeadersWithinAttemptTimeout_TimeoutErrorAfterRetries()
    {
        await using var server = new FakeServer(connection => connection.StallAsync());
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.MaxRetryAttempts = 1;
        });

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(ErrorTypes.Timeout, exception.Error.Type);
        Assert.Contains("per-attempt timeout", exception.Message);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task CreateAsync_ServerGoesQuietMidStream_TotalTimeoutKeepsPartialText()
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
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.TotalTimeout = TimeSpan.FromMilliseconds(700);
        });

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal(ErrorTypes.Timeout, exception.Error.Type);
        Assert.Contains("total timeout", exception.Message);
        Assert.Equal("Partial answer", exception.Partial.Text);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task CreateAsync_InMemoryStreamStalls_TotalTimeoutKeepsPartialText()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(SseChunks.PartialAnswer);
        var client = TestClients.Direct(ReplayHandler.Sse([bytes], StreamEnd.Stall), o => o.TotalTimeout = TimeSpan.FromMilliseconds(300));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal(ErrorTypes.Timeout, exception.Error.Type);
        Assert.Equal("Partial answer", exception.Partial.Text);
    }
}
