namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>
/// Lets a test wait for a condition on state that other threads change (requests a server received, timers a client
/// armed), re-checked on every change. The limit is generous: it only decides how long a failing test takes to say so.
/// </summary>
internal sealed class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes every waiter to check its condition again.</summary>
    public void Changed() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async Task WaitUntilAsync(Func<bool> condition, Func<string> describe)
    {
        using var limit = new CancellationTokenSource(Patience);
        while (true)
        {
            // Take the signal before checking, so that a change between the check and the wait is not missed.
            var next = Volatile.Read(ref _next).Task;
            if (condition())
                return;
            try
            {
                await next.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"Still waiting after {Patience.TotalSeconds} s: {describe()}");
            }
        }
    }
}
