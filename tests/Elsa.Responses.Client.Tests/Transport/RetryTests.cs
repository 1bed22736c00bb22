using System.Net;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>
/// Retries over loopback HTTP: what is retried, how often, and that the server's wait is honoured. Delays run on the
/// client's fake clock, so a wait is shown by moving time to just short of it (no retry yet), then past it.
/// </summary>
public sealed class RetryTests
{
    private const string Ok = """{"id":"resp_ok","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"ok"}]}]}""";
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Theory]
    [InlineData("2", 2)]     // honoured as sent
    [InlineData("120", 5)]   // capped at MaxRetryDelay
    public async Task CreateAsync_429WithRetryAfterThen200_RetriedOnceAfterTheServersWait(string retryAfter, int waitSeconds)
    {
        var wait = TimeSpan.FromSeconds(waitSeconds);
        await using var server = FailThenSucceed(429, ("Retry-After", retryAfter));
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            // Backoff alone would wait about 1 ms.
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxRetryDelay = TimeSpan.FromSeconds(5);
        });

        var call = host.Client.CreateAsync(SampleRequests.Text());
        await host.Clock.WaitUntilArmedAsync(wait);
        host.Clock.Advance(wait - Tick);
        Assert.Single(server.Requests);
        Assert.False(call.IsCompleted);
        host.Clock.Advance(Tick);
        var result = await call.WaitAsync(Eventually.Patience);

        Assert.Equal("ok", result.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task CreateAsync_429WithRatelimitResetThen200_Retried()
    {
        await using var server = FailThenSucceed(429, ("ratelimit-reset", "0"));
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var result = await host.Client.CreateAsync(SampleRequests.Text());

        Assert.Equal("ok", result.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(408)]
    public async Task CreateAsync_TransientStatusThen200_Retried(int status)
    {
        await using var server = FailThenSucceed(status);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var result = await host.Client.CreateAsync(SampleRequests.Text());

        Assert.Equal("ok", result.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task CreateAsync_PermanentStatus_NotRetried(int status)
    {
        await using var server = FailThenSucceed(status);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal((HttpStatusCode)status, exception.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CreateAsync_429UntilRetriesRunOut_ThrowsWithServersRetryAfter()
    {
        await using var server = FakeServer.Json(
            """{"error":{"message":"Rate limit reached.","type":"requests","code":"rate_limit_exceeded"}}""", 429, ("Retry-After", "7"));
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.MaxRetryAttempts = 2;
        });

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(HttpStatusCode.TooManyRequests, exception.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), exception.RetryAfter);
        Assert.Equal("rate_limit_exceeded", exception.Error.Code);
    }

    [Fact]
    public async Task CreateAsync_RetriesOff_503NotRetried()
    {
        await using var server = FailThenSucceed(503);
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.MaxRetryAttempts = 0;
        });

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, exception.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CreateAsync_200StreamThatEndsEarly_NotRetried()
    {
        await using var server = FakeServer.Sse(Transcripts.Bytes("eof-without-terminal.sse"));
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal(ErrorTypes.StreamEndedEarly, exception.Error.Type);
        Assert.Equal("Partial answer", exception.Partial.Text);
        Assert.Single(server.Requests);
    }

    private static FakeServer FailThenSucceed(int status, params (string Name, string Value)[] headers) => FakeServer.Answers(
        FakeAnswer.Json("""{"error":{"message":"try again","type":"server_error","code":null}}""", status, headers),
        FakeAnswer.Json(Ok));
}
