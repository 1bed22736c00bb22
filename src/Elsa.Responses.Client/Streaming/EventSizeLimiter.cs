namespace Elsa.Responses.Client.Streaming;

// Passes an event-stream body through, failing with EventTooLargeException once one event (the bytes between two blank
// lines) grows past the limit: SseParser buffers an event whole, so without a limit a server could fill the memory.
internal sealed class EventSizeLimiter(Stream inner, int maxEventBytes) : ReadOnlyStreamWrapper(inner)
{
    private long _eventBytes;
    private long _lineBytes;
    private bool _afterCarriageReturn;

    // A body that has its bytes at hand (the usual case once a chunk has arrived) is counted without an async state machine.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var reading = Inner.ReadAsync(buffer, cancellationToken);
        if (!reading.IsCompletedSuccessfully)
            return CountWhenReadAsync(reading, buffer);
        var read = reading.Result;
        Count(buffer.Span[..read]);
        return new ValueTask<int>(read);
    }

    private async ValueTask<int> CountWhenReadAsync(ValueTask<int> reading, Memory<byte> buffer)
    {
        var read = await reading.ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

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
