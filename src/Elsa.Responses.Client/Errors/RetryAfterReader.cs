using System.Globalization;
using System.Net.Http.Headers;

namespace Elsa.Responses.Client.Errors;

// Reads how long a server asks to wait: retry-after-ms (milliseconds, as OpenAI and Azure send it), else Retry-After
// (seconds or an HTTP date), else ratelimit-reset (seconds).
internal static class RetryAfterReader
{
    public static TimeSpan? Read(HttpResponseHeaders headers, TimeProvider? time = null)
    {
        if (headers.TryGetValues("retry-after-ms", out var milliseconds) &&
            double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            return TimeSpan.FromMilliseconds(ms);

        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
            return delta;
        if (retryAfter?.Date is { } date)
        {
            var wait = date - (time ?? TimeProvider.System).GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        if (headers.TryGetValues("ratelimit-reset", out var values) &&
            double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);

        return null;
    }
}
