using System.Threading.RateLimiting;
using Polly;

namespace Elsa.Responses.Client.Transport;

// A concurrency-limiter lease that a response can take over. Polly's rate-limiter strategy gives an attempt's lease back
// when the attempt returns, which for a streamed call is when the response headers arrive; a response that goes on to
// the caller takes the lease with it instead (LeaseHandoverHandler), and gives it back when it is disposed: when the
// stream has been read, or dropped.
internal sealed class TransferableLease(RateLimitLease inner) : RateLimitLease
{
    public static readonly ResiliencePropertyKey<TransferableLease> Key = new("Elsa.Responses.ConcurrencyLease");

    private const int HeldByPipeline = 0, HandedOver = 1, Released = 2;
    private int _state;

    public override bool IsAcquired => inner.IsAcquired;

    public override IEnumerable<string> MetadataNames => inner.MetadataNames;

    public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

    /// <summary>Moves the lease from the pipeline to a response; false when it was acquired for nothing or is gone.</summary>
    public bool HandOver() => IsAcquired && Interlocked.CompareExchange(ref _state, HandedOver, HeldByPipeline) == HeldByPipeline;

    /// <summary>Gives the place back, once.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _state, Released) != Released)
            inner.Dispose();
    }

    // Polly disposes the lease when the attempt returns: a lease handed over stays held.
    protected override void Dispose(bool disposing)
    {
        if (disposing && Volatile.Read(ref _state) == HeldByPipeline)
            Release();
    }
}
