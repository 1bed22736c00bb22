using System.Diagnostics;
using System.Net;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>Retries over loopback HTTP: what is retried, how often, and that the server's wait is honoured.</summary>
public sealed class RetryTests(WireMockFixture wireMock) : IClassFixture<WireMockFixture>
{
    private const string Ok = """{"id":"resp_ok","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"ok"}]}]}""";

    [Fact]
    public async Task CreateAsync_429WithRetryAfterThen200_RetriedOnceAfterTheServersWait()
    {
        var prefix = FailThenSucceed(429, ("Retry-After", "1"));
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = wireMock.BaseUrl(prefix);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            // Retry-After asks for 1 s; the cap makes it 300 ms. Backoff alone would wait about 1 ms.
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(300);
        });
        var clock = Stopwatch.StartNew();

        var result = await host.Client.CreateAsync(SampleRequests.Text());

        Assert.Equal("ok", result.Text);
        Assert.Equal(2, wireMock.Requests(prefix).Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"retried after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task CreateAsync_429WithRatelimitResetThen200_Retried()
    {
        var prefix = FailThenSucceed(429, ("ratelimit-reset", "0"));
        using var host = TestClients.ViaServices(o => o.BaseUrl = wireMock.BaseUrl(prefix));

        var result = await host.Client.CreateAsync(SampleRequests.Text());

        Assert.Equal("ok", result.Text);
        Assert.Equal(2, wireMock.Requests(prefix).Count);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(408)]
    public async Task CreateAsync_TransientStatusThen200_Retried(int status)
    {
        var prefix = FailThenSucceed(status);
        using var host = TestClients.ViaServices(o => o.BaseUrl = wireMock.BaseUrl(prefix));

        var result = await host.Client.CreateAsync(SampleRequests.Text());

        Assert.Equal("ok", result.Text);
        Assert.Equal(2, wireMock.Requests(prefix).Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task CreateAsync_PermanentStatus_NotRetried(int status)
    {
        var prefix = FailThenSucceed(status);
        using var host = TestClients.ViaServices(o => o.BaseUrl = wireMock.BaseUrl(prefix));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal((HttpStatusCode)status, exception.StatusCode);
        Assert.Single(wireMock.Requests(prefix));
    }

    [Fact]
    public async Task CreateAsync_429UntilRetriesRunOut_ThrowsWithServersRetryAfter()
    {
        var prefix = wireMock.NewPrefix();
        wireMock.Server.Given(Request.Create().WithPath(prefix + "/v1/responses").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7")
                .WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"message":"Rate limit reached.","type":"requests","code":"rate_limit_exceeded"}}"""));
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = wireMock.BaseUrl(prefix);
            o.MaxRetryAttempts = 2;
        });

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(3, wireMock.Requests(prefix).Count);
        Assert.Equal(HttpStatusCode.TooManyRequests, exception.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), exception.RetryAfter);
        Assert.Equal("rate_limit_exceeded", exception.Error.Code);
    }

    [Fact]
    public async Task CreateAsync_RetriesOff_503NotRetried()
    {
        var prefix = FailThenSucceed(503);
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = wireMock.BaseUrl(prefix);
            o.MaxRetryAttempts = 0;
        });

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, exception.StatusCode);
        Assert.Single(wireMock.Requests(prefix));
    }

    [Fact]
    public async Task CreateAsync_200StreamThatEndsEarly_NotRetried()
    {
        var prefix = wireMock.NewPrefix();
        wireMock.Server.RespondSse(prefix, Transcripts.Bytes("eof-without-terminal.sse"));
        using var host = TestClients.ViaServices(o => o.BaseUrl = wireMock.BaseUrl(prefix));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal(ErrorTypes.StreamEndedEarly, exception.Error.Type);
        Assert.Equal("Partial answer", exception.Partial.Text);
        Assert.Single(wireMock.Requests(prefix));
    }

    private string FailThenSucceed(int status, params (string Name, string Value)[] headers)
    {
        var prefix = wireMock.NewPrefix();
        var scenario = "scenario" + prefix;
        var failure = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
            .WithBody("""{"error":{"message":"try again","type":"server_error","code":null}}""");
        foreach (var (name, value) in headers)
            failure = failure.WithHeader(name, value);
        wireMock.Server.Given(Request.Create().WithPath(prefix + "/v1/responses").UsingPost())
            .InScenario(scenario).WillSetStateTo("failed once").RespondWith(failure);
        wireMock.Server.Given(Request.Create().WithPath(prefix + "/v1/responses").UsingPost())
            .InScenario(scenario).WhenStateIs("failed once")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Ok));
        return prefix;
    }
}
