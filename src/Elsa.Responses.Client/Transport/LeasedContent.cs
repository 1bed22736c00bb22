using System.Net;

namespace Elsa.Responses.Client.Transport;

// A response body that holds its call's concurrency lease until it is disposed. Everything else is the original body's.
internal sealed class LeasedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly TransferableLease _lease;

    public LeasedContent(HttpContent inner, TransferableLease lease)
    {
        _inner = inner;
        _lease = lease;
        foreach (var header in inner.Headers.NonValidated)
            Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _inner.CopyToAsync(stream, cancellationToken);

    protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _lease.Release();
        }

        base.Dispose(disposing);
    }
}
