using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>
/// A tiny HTTP/1.1 server on a real loopback socket (127.0.0.1, port 0) that plays a script per connection: write
/// bytes, wait, reset the connection (RST) or go quiet. For failures WireMock cannot produce mid-body.
/// </summary>
internal sealed class ScriptedSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScriptedConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _served = [];
    private readonly Task _acceptLoop;
    private int _connections;

    public ScriptedSocketServer(Func<ScriptedConnection, Task> script)
    {
        _script = script;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>How many connections were accepted (each carried one request).</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
            Task[] served;
            lock (_served)
                served = _served.ToArray();
            await Task.WhenAll(served).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException or TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_served)
                _served.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var body = await ReadRequestAsync(stream, _stop.Token);
                await _script(new ScriptedConnection(client, stream, body, _stop.Token));
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server is stopping: nothing to report.
            }
        }
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
                throw new IOException("The client closed the connection before sending a request.");
            buffer.Add(one[0]);
        }

        var head = Encoding.ASCII.GetString(buffer.ToArray());
        var length = head.Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim()))
            .FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return Encoding.UTF8.GetString(body);
    }

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';
}

/// <summary>One accepted connection, after its request has been read.</summary>
internal sealed class ScriptedConnection(TcpClient client, NetworkStream stream, string requestBody, CancellationToken stopping)
{
    public string RequestBody { get; } = requestBody;

    /// <summary>Writes a 200 event-stream head with no length: the body runs until the connection ends.</summary>
    public Task SendSseHeadAsync() =>
        WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n");

    public async Task WriteAsync(string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), stopping);
        await stream.FlushAsync(stopping);
    }

    /// <summary>Aborts the connection with a TCP reset instead of an orderly close.</summary>
    public void Reset()
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    /// <summary>Keeps the connection open, sending nothing, until the server stops.</summary>
    public Task StallAsync() => Task.Delay(Timeout.Infinite, stopping);
}
