using System.Net;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Transport;
using Polly;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>The wait the retry policy computes from the server's headers, checked without a clock.</summary>
public sealed class RetryDelayTests
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Fact]
    public void ServerDelay_RetryAfterSeconds_IsTheHeaderValue()
    {
        using var response = Response(("Retry-After", "1"));

        Assert.Equal(TimeSpan.FromSeconds(1), RetryPolicy.ServerDelay(Outcome.FromResult(response), Max, TimeProvider.System));
    }

    [Fact]
    public void ServerDelay_RetryAfterAboveMax_IsCappedAtMax()
    {
        using var response = Response(("Retry-After", "120"));

        Assert.Equal(TimeSpan.FromMilliseconds(200), RetryPolicy.ServerDelay(Outcome.FromResult(response), TimeSpan.FromMilliseconds(200), TimeProvider.System));
    }

    [Fact]
    public void ServerDelay_RatelimitResetOnly_IsItsSeconds()
    {
        using var response = Response(("ratelimit-reset", "2.5"));

        Assert.Equal(TimeSpan.FromSeconds(2.5), RetryPolicy.ServerDelay(Outcome.FromResult(response), Max, TimeProvider.System));
    }

    [Fact]
    public void ServerDelay_BothHeaders_RetryAfterWins()
    {
        using var response = Response(("Retry-After", "3"), ("ratelimit-reset", "9"));

        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.ServerDelay(Outcome.FromResult(response), Max, TimeProvider.System));
    }

    [Fact]
    public void ServerDelay_NoHeader_NullSoBackoffApplies()
    {
        using var response = Response();

        Assert.Null(RetryPolicy.ServerDelay(Outcome.FromResult(response), Max, TimeProvider.System));
    }

    [Fact]
    public void ServerDelay_ConnectionFailure_NullSoBackoffApplies() =>
        Assert.Null(RetryPolicy.ServerDelay(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("refused")), Max, TimeProvider.System));

    [Fact]
    public void Read_RetryAfterHttpDate_IsTheTimeUntilThatDate()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        using var response = Response(("Retry-After", now.AddSeconds(42).ToString("R")));

        Assert.Equal(TimeSpan.FromSeconds(42), RetryAfterReader.Read(response.Headers, new FixedTime(now)));
    }

    [Fact]
    public void Read_RetryAfterHttpDateInThePast_IsZero()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        using var response = Response(("Retry-After", now.AddMinutes(-5).ToString("R")));

        Assert.Equal(TimeSpan.Zero, RetryAfterReader.Read(response.Headers, new FixedTime(now)));
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(503, true)]
    [InlineData(502, true)]
    [InlineData(504, true)]
    [InlineData(500, true)]
    [InlineData(408, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(200, false)]
    public void IsTransient_Status_OnlyTimeoutsRateLimitsAndServerErrors(int status, bool transient)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(transient, RetryPolicy.IsTransient(Outcome.FromResult(response), ResponsesClientOptions.DefaultRetryStatusCodes.ToHashSet()));
    }

    [Fact]
    public void ServerDelay_RetryAfterMs_IsItsMilliseconds()
    {
        using var response = Response(("retry-after-ms", "1500"), ("Retry-After", "9"));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), RetryPolicy.ServerDelay(Outcome.FromResult(response), Max, TimeProvider.System));
    }

    [Fact]
    public void IsTransient_ConfiguredStatuses_OnlyThoseAreRetried()
    {
        using var serverError = new HttpResponseMessage(HttpStatusCode.InternalServerError);
        using var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        var retried = new HashSet<int> { 503 };

        Assert.False(RetryPolicy.IsTransient(Outcome.FromResult(serverError), retried));
        Assert.True(RetryPolicy.IsTransient(Outcome.FromResult(unavailable), retried));
    }

    private static HttpResponseMessage Response(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        foreach (var (name, value) in headers)
            response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
