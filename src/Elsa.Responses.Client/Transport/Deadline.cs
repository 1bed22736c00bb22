namespace Elsa.Responses.Client.Transport;

// The total timeout of one call on the connection's clock (a FakeTimeProvider in tests), linked to the caller's token.
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    public Deadline(TimeSpan timeout, TimeProvider time, CancellationToken callerToken)
    {
        _timeout = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timeout.Token);
    }

    public CancellationToken Token => _linked.Token;

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
