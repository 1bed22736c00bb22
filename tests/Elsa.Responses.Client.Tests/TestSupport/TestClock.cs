using Microsoft.Extensions.Time.Testing;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>
/// The clock the client runs on in these tests: its total-timeout deadline, Polly's retry delays and the per-attempt
/// timeout. Time moves only when a test calls <see cref="FakeTimeProvider.Advance"/>. The clock also records every timer
/// the client arms, so that a test can wait until the client is waiting on it (a retry delay of exactly the server's
/// Retry-After, say) before moving time on.
/// </summary>
internal sealed class TestClock : FakeTimeProvider
{
    private readonly List<TimeSpan> _armed = [];
    private readonly Eventually _changes = new();

    /// <summary>The due time of every timer armed so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Armed
    {
        get
        {
            lock (_armed)
                return _armed.ToArray();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordedTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Record(dueTime);
        return timer;
    }

    /// <summary>Waits until <paramref name="count"/> timers in all have been armed to fire after <paramref name="dueTime"/>.</summary>
    public Task WaitUntilArmedAsync(TimeSpan dueTime, int count = 1) => _changes.WaitUntilAsync(
        () => Armed.Count(armed => armed == dueTime) >= count,
        () => $"{count} timer(s) of {dueTime} armed; armed so far: [{string.Join(", ", Armed)}]");

    private void Record(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
            return;
        lock (_armed)
            _armed.Add(dueTime);
        _changes.Changed();
    }

    // A cancellation source re-arms its timer through Change (CancelAfter): record those too.
    private sealed class RecordedTimer(ITimer timer, TestClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = timer.Change(dueTime, period);
            clock.Record(dueTime);
            return changed;
        }

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
