using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Telemetry;

namespace Elsa.Responses.Client.Transport;

// The updates of a stream on their way out of the client: each one, and each exception, passes through the client's
// exit (masking the key, turning a stray exception into a ResponsesApiException), and the call's telemetry sees what
// leaves: started when the caller starts reading, ended by the completed update, a failure, or the caller leaving
// early. A plain forwarder rather than a second async iterator: a stream of ten thousand deltas pays a method call per
// delta, not a state machine.
internal sealed class LeavingUpdates(
    Func<CallTelemetry, IAsyncEnumerable<ResponseUpdate>> inner,
    Func<CallTelemetry> startTelemetry,
    Func<ResponseUpdate, ResponseUpdate> leavingUpdate,
    Func<Exception, CancellationToken, Exception?> leavingException) : IAsyncEnumerable<ResponseUpdate>
{
    public IAsyncEnumerator<ResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var telemetry = startTelemetry();
        return new Enumerator(inner(telemetry).GetAsyncEnumerator(cancellationToken), telemetry, leavingUpdate, leavingException, cancellationToken);
    }

    private sealed class Enumerator(
        IAsyncEnumerator<ResponseUpdate> inner,
        CallTelemetry telemetry,
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
            catch (Exception exception) when (Leaving(exception) is { } leaving)
            {
                throw leaving;
            }

            return next.IsCompletedSuccessfully ? new ValueTask<bool>(Take(next.Result)) : AwaitAsync(next);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                telemetry.Dispose();
            }
        }

        private async ValueTask<bool> AwaitAsync(ValueTask<bool> next)
        {
            bool moved;
            try
            {
                moved = await next.ConfigureAwait(false);
            }
            catch (Exception exception) when (Leaving(exception) is { } leaving)
            {
                throw leaving;
            }

            return Take(moved);
        }

        private Exception? Leaving(Exception exception)
        {
            var leaving = leavingException(exception, cancellationToken);
            if (leaving is not null)
                telemetry.Failed(leaving);
            return leaving;
        }

        private bool Take(bool moved)
        {
            if (!moved)
                return false;
            Current = leavingUpdate(inner.Current);
            if (Current is { Kind: ResponseUpdateKind.Completed, Result: { } result })
                telemetry.Completed(result);
            return true;
        }
    }
}
