namespace Elsa.Responses.Client.Streaming;

// Passes an event-stream body through, failing with EventTooLargeException once one event (the bytes between two blank
// lines) grows past the limit: SseParser buffers an event whole, so without a limit a server could fill the memory.
internal sealed class EventSizeLimiter(Stream inner, int maxEventBytes) : Stream
{
    private long _eventBytes;
    private long _lineBytes;
    private bool _afterCarriageReturn;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    // Lines end in CR, LF or CRLF; an empty line ends an event.
    private void Count(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOfAny((byte)'\r', (byte)'\n');
            var content = end < 0 ? bytes.Length : end;
            if (content > 0)
            {
                _afterCarriageReturn = false;
                _lineBytes += content;
                _eventBytes += content;
                if (_eventBytes > maxEventBytes)
                    throw new EventTooLargeException(maxEventBytes);
            }

            if (end < 0)
                return;
            var terminator = bytes[end];
            bytes = bytes[(end + 1)..];
            if (terminator == '\n' && _afterCarriageReturn)
            {
                // The LF of a CRLF: the line already ended at the CR.
                _afterCarriageReturn = false;
                continue;
            }

            if (_lineBytes == 0)
                _eventBytes = 0;
            _lineBytes = 0;
            _afterCarriageReturn = terminator == '\r';
        }
    }
}

/// <summary>One server-sent event was larger than <see cref="ResponsesClientOptions.MaxEventBytes"/>.</summary>
internal sealed class EventTooLargeException(int limit)
    : IOException($"A stream event exceeded the limit of {limit} bytes (MaxEventBytes).");
