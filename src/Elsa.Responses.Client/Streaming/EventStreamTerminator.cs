namespace Elsa.Responses.Client.Streaming;

// SseParser follows the SSE spec and drops an event that is not followed by a blank line when the body ends. Servers
// and recorders often leave that last blank line out (fixtures README §4.1), and the event they drop is the terminal
// one, so the body is read with a blank line appended: it completes a pending event and is a no-op otherwise.
internal sealed class EventStreamTerminator(Stream inner) : ReadOnlyStreamWrapper(inner)
{
    private static readonly byte[] Tail = "\n\n"u8.ToArray();
    private int _tailOffset = -1;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_tailOffset < 0)
        {
            var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0 || buffer.IsEmpty)
                return read;
            _tailOffset = 0;
        }

        return CopyTail(buffer.Span);
    }

    public override int Read(Span<byte> buffer)
    {
        if (_tailOffset < 0)
        {
            var read = Inner.Read(buffer);
            if (read > 0 || buffer.IsEmpty)
                return read;
            _tailOffset = 0;
        }

        return CopyTail(buffer);
    }

    private int CopyTail(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, Tail.Length - _tailOffset);
        Tail.AsSpan(_tailOffset, count).CopyTo(destination);
        _tailOffset += count;
        return count;
    }
}
