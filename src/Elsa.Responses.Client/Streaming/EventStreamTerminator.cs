namespace Elsa.Responses.Client.Streaming;

// SseParser follows the SSE spec and drops an event that is not followed by a blank line when the body ends. Servers
// and recorders often leave that last blank line out (fixtures README §4.1), and the event they drop is the terminal
// one, so the body is read with a blank line appended: it completes a pending event and is a no-op otherwise.
internal sealed class EventStreamTerminator(Stream inner) : ReadOnlyStreamWrapper(inner)
{
    private static readonly byte[] Tail = "\n\n"u8.ToArray();
    private int _tailOffset = -1;

    // Without an async state machine when the body has its bytes at hand (the usual case once a chunk has arrived).
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_tailOffset >= 0)
            return new ValueTask<int>(CopyTail(buffer.Span));
        var reading = Inner.ReadAsync(buffer, cancellationToken);
        return reading.IsCompletedSuccessfully ? new ValueTask<int>(AfterRead(reading.Result, buffer.Span)) : AfterReadAsync(reading, buffer);
    }

    private async ValueTask<int> AfterReadAsync(ValueTask<int> reading, Memory<byte> buffer) =>
        AfterRead(await reading.ConfigureAwait(false), buffer.Span);

    // What a read of the body gives: its bytes, or at its end the blank line.
    private int AfterRead(int read, Span<byte> buffer)
    {
        if (read > 0 || buffer.IsEmpty)
            return read;
        _tailOffset = 0;
        return CopyTail(buffer);
    }

    public override int Read(Span<byte> buffer) => _tailOffset >= 0 ? CopyTail(buffer) : AfterRead(Inner.Read(buffer), buffer);

    private int CopyTail(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, Tail.Length - _tailOffset);
        Tail.AsSpan(_tailOffset, count).CopyTo(destination);
        _tailOffset += count;
        return count;
    }
}
