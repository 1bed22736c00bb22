using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Client.Transport;

// The updates of a stream on their way out of the client: each one, and each exception, passes through the client's
// exit (masking the key, turning a stray exception into a ResponsesApiException). A plain forwarder rather than a second
// async iterator: a stream of ten thousand deltas pays a method call per delta, not a state machine.
internal sealed class LeavingUpdates(
    IAsyncEnumerable<ResponseUpdate> inner,
    Func<ResponseUpdate, ResponseUpdate> leavingUpdate,
    Func<Exception, CancellationToken, Exception?> leavingException) : IAsyncEnumerable<ResponseUpdate>
{
    public IAsyncEnumerator<ResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(inner.GetAsyncEnumerator(cancellationToken), leavingUpdate, leavingException, cancellationToken);

    private sealed class Enumerator(
        IAsyncEnumerator<ResponseUpdate> inner,
        Func<ResponseUpdate, ResponseUpdate> leavingUpdate,
        Func<Exception, CancellationToken, Exception?> leavingException,
        CancellationToken cancellationToken) : IAsyncEnumerator<ResponseUpdate>
    {
        public ResponseUpdate Current { get; private set; } = null!;

        public ValueTask<bool> MoveNextAsync()
        {
            ValueTask<bool> next;
            try
            {
                next = inner.MoveNextAsync();
            }
            catch (Exception exception) when (leavingException(exception, cancellationToken) is { } leaving)
            {
                throw leaving;
            }

            return next.IsCompletedSuccessfully ? new ValueTask<bool>(Take(next.Result)) : AwaitAsync(next);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private async ValueTask<bool> AwaitAsync(ValueTask<bool> next)
        {
            bool moved;
            try
            {
                moved = await next.ConfigureAwait(false);
            }
            catch (Exception exception) when (leavingException(exception, cancellationToken) is { } leaving)
            {
                throw leaving;
            }

            return Take(moved);
        }

        private bool Take(bool moved)
        {
            if (moved)
                Current = leavingUpdate(inner.Current);
            return moved;
        }
    }
}
