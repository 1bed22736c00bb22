namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// Waits for a condition Playwright's auto-waiting assertions cannot express: what the server has stored (autosave), or
/// a value read from several elements at once. The wait ends as soon as the condition holds; the pause between checks is
/// only the polling interval, never a wait for time to pass.
/// </summary>
public static class Poll
{
    /// <summary>How long a condition may take to hold when no limit is given: generous, for a machine whose cores are busy.</summary>
    public const int DefaultTimeoutMs = 60_000;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Checks <paramref name="condition"/> until it holds; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> otherwise.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int timeoutMs = DefaultTimeoutMs)
    {
        using var timer = new PeriodicTimer(Interval);
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {timeoutMs / 1000} s waiting for {what}.");
            await timer.WaitForNextTickAsync();
        }
    }
}
