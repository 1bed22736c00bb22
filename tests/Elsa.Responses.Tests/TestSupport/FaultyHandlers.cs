using System.Net;
using System.Text;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>
/// Message handlers a connection can be given (<c>AddConnection(name, configure, b => b.AddHttpMessageHandler(…))</c>) to
/// make its calls fail in ways no well-behaved server does: a faulty custom handler, a body cut short.
/// </summary>
public static class FaultyHandlers
{
    /// <summary>Throws <paramref name="exception"/> instead of sending the request.</summary>
    public static DelegatingHandler Throwing(Func<Exception> exception) => new ThrowingHandler(exception);

    /// <summary>Answers 200 with an event stream that sends <paramref name="sse"/>, then fails the read with <paramref name="failure"/>.</summary>
    public static DelegatingHandler CutStream(string sse, Func<Exception> failure) => new CutStreamHandler(sse, failure);

    /// <summary>Signals <paramref name="requestSent"/>, then waits until the call is cancelled.</summary>
    public static DelegatingHandler Waiting(TaskCompletionSource requestSent) => new WaitingHandler(requestSent);

    private sealed class WaitingHandler(TaskCompletionSource requestSent) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requestSent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("Unreachable.");
        }
    }

    private sealed class ThrowingHandler(Func<Exception> exception) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw exception();
    }

    private sealed class CutStreamHandler(string sse, Func<Exception> failure) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new TruncatedStream(Encoding.UTF8.GetBytes(sse), failure));
            content.Headers.ContentType = new("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    // Reads its bytes, then throws where a socket would report a reset or a body shorter than its Content-Length.
    private sealed class TruncatedStream(byte[] bytes, Func<Exception> failure) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= bytes.Length)
                throw failure();
            var length = Math.Min(buffer.Length, bytes.Length - _position);
            bytes.AsSpan(_position, length).CopyTo(buffer);
            _position += length;
            return length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
