using System.Net;
using Elsa.Responses.Client.Errors;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Elsa.Responses.Client.Transport;

// Builds the resilience pipeline: retries for transient failures around a per-attempt timeout.
// It sits below HttpClient.SendAsync with ResponseHeadersRead, so it can only retry before the body is handed on:
// once a stream has delivered its first event, nothing is retried.
internal static class RetryPolicy
{
    private static readonly HashSet<HttpStatusCode> Transient =
    [
        HttpStatusCode.RequestTimeout, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError,
        HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResponsesClientOptions options)
    {
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome, options.MaxRetryDelay)),
                OnRetry = args =>
                {
                    // The failed attempt's response is not handed on: release its connection.
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
    }

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => Transient.Contains(response.StatusCode),
        { Exception: HttpRequestException or TimeoutRejectedException or IOException } => true,
        _ => false,
    };

    // Retry-After or ratelimit-reset when the server sent one (capped); otherwise null, which means exponential backoff.
    internal static TimeSpan? ServerDelay(Outcome<HttpResponseMessage> outcome, TimeSpan max) =>
        outcome.Result is { } response && RetryAfterReader.Read(response.Headers) is { } wait
            ? (wait > max ? max : wait)
            : null;
}
