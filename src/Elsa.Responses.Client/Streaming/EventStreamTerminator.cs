namespace Elsa.Responses.Client.Streaming;

// SseParser follows the SSE spec and drops an event that is not followed by a blank line when the body ends. Servers
// and recorders often leave that last blank line out (fixtures README §4.1), and the event they drop is the terminal
// one, so the body is read with a blank line appended: it completes a pending event and is a no-op otherwise.
internal sealed class EventStreamTerminator(Stream inner) : Stream
{
    private static readonly byte[] Tail = "\n\n"u8.ToArray();
    private int _tailOffset = -1;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_tailOffset < 0)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0 || buffer.IsEmpty)
                return read;
            _tailOffset = 0;
        }

        return CopyTail(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        if (_tailOffset < 0)
        {
            var read = inner.Read(buffer);
            if (read > 0 || buffer.IsEmpty)
                return read;
            _tailOffset = 0;
        }

        return CopyTail(buffer);
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

    private int CopyTail(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, Tail.Length - _tailOffset);
        Tail.AsSpan(_tailOffset, count).CopyTo(destination);
        _tailOffset += count;
        return count;
    }
}
