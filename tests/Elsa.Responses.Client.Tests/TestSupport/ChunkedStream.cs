namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>How a <see cref="ChunkedStream"/> behaves once its chunks are delivered.</summary>
internal enum StreamEnd
{
    /// <summary>A normal end of stream.</summary>
    Eof,

    /// <summary>The connection breaks: the next read throws <see cref="IOException"/>.</summary>
    Throw,

    /// <summary>The server goes quiet: the next read waits until its cancellation token fires.</summary>
    Stall,
}

/// <summary>A response body that hands out the given chunks one read at a time, as a network stream would.</summary>
internal sealed class ChunkedStream(IReadOnlyList<byte[]> chunks, StreamEnd end = StreamEnd.Eof) : Stream
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _chunk;
    private int _offset;

    /// <summary>How many bytes reads have handed out so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Completes when a read reaches <see cref="StreamEnd.Stall"/>: every chunk has been handed out and the reader,
    /// having dealt with them, is waiting for more.
    /// </summary>
    public Task Stalled => _stalled.Task;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Splits <paramref name="bytes"/> at the given positions.</summary>
    public static IReadOnlyList<byte[]> Split(byte[] bytes, params int[] positions)
    {
        var chunks = new List<byte[]>();
        var start = 0;
        foreach (var position in positions.Where(p => p > 0 && p < bytes.Length).Distinct().Order())
        {
            chunks.Add(bytes[start..position]);
            start = position;
        }

        chunks.Add(bytes[start..]);
        return chunks;
    }

    /// <summary>One byte per read.</summary>
    public static IReadOnlyList<byte[]> Trickle(byte[] bytes) => bytes.Select(b => new[] { b }).ToArray();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_chunk < chunks.Count)
        {
            // Yield so that every chunk is a separate asynchronous read, like bytes arriving from a socket.
            await Task.Yield();
            return Copy(buffer.Span);
        }

        switch (end)
        {
            case StreamEnd.Throw:
                throw new IOException("Connection reset by peer (simulated).");
            case StreamEnd.Stall:
                _stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            default:
                return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Copy(Span<byte> destination)
    {
        var source = chunks[_chunk].AsSpan(_offset);
        var count = Math.Min(source.Length, destination.Length);
        source[..count].CopyTo(destination);
        _offset += count;
        BytesRead += count;
        if (_offset == chunks[_chunk].Length)
        {
            _chunk++;
            _offset = 0;
        }

        return count;
    }
}
