using System.Diagnostics;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Telemetry;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.RateLimiting;
using System.Threading.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace Elsa.Responses.Client.Transport;

// Builds the resilience pipeline: retries for transient failures around the connection's concurrency limiter (when
// set) and a per-attempt timeout, on the given clock.
// It sits below HttpClient.SendAsync with ResponseHeadersRead, so it can only retry before the body is handed on:
// once a stream has delivered its first event, nothing is retried.
internal static class RetryPolicy
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResponsesClientOptions options, TimeProvider time, ILogger? logger = null)
    {
        builder.TimeProvider = time;
        var retried = options.RetriedStatusCodes.ToHashSet();
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, retried)),
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome, options.MaxRetryDelay, time)),
                OnRetry = args =>
                {
                    var status = args.Outcome.Result is { } failed ? (int)failed.StatusCode : (int?)null;
                    var errorType = args.Outcome.Exception?.GetType().Name;
                    // Each retried attempt shows on the call's span (the current activity here) and in the log.
                    Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
                    {
                        ["retry.attempt"] = args.AttemptNumber + 1,
                        [GenAiAttributes.HttpResponseStatusCode] = status,
                        [GenAiAttributes.ErrorType] = errorType ?? status?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["retry.delay_ms"] = args.RetryDelay.TotalMilliseconds,
                    }));
                    if (logger is not null)
                        ResponsesLog.Retrying(logger, args.AttemptNumber + 1, status, errorType, args.RetryDelay.TotalMilliseconds);
                    // The failed attempt's response is not handed on: release its connection.
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        // Inside the retries, outside the attempt timeout: each attempt (a retry too) waits its turn, and the wait counts
        // against the call's total timeout only. The lease is one a response can take over (TransferableLease), so that
        // a streamed call keeps its place until its stream has been read.
        if (options.MaxConcurrentRequests is { } limit)
        {
            var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = limit,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = async args =>
                {
                    var lease = new TransferableLease(await limiter.AcquireAsync(1, args.Context.CancellationToken).ConfigureAwait(false));
                    args.Context.Properties.Set(TransferableLease.Key, lease);
                    return lease;
                },
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
    }

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome, IReadOnlySet<int> retried) => outcome switch
    {
        { Result: { } response } => retried.Contains((int)response.StatusCode),
        { Exception: HttpRequestException or TimeoutRejectedException or IOException } => true,
        _ => false,
    };

    // retry-after-ms, Retry-After or ratelimit-reset when the server sent one (capped); otherwise null, which means
    // exponential backoff.
    internal static TimeSpan? ServerDelay(Outcome<HttpResponseMessage> outcome, TimeSpan max, TimeProvider time) =>
        outcome.Result is { } response && RetryAfterReader.Read(response.Headers, time) is { } wait
            ? (wait > max ? max : wait)
            : null;
}
