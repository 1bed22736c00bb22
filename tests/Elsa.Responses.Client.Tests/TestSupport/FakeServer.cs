using System.Net;
using System.Net.Sockets;
using System.Text;
using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>
/// The fake Responses server of these tests: a small HTTP/1.1 server on a real loopback socket (127.0.0.1, port 0), one
/// per test. Every connection carries one request, which is recorded, then plays a script: usually canned answers
/// (<see cref="Json"/>, <see cref="Sse"/>, <see cref="Answers"/>), or raw steps for what a well-behaved server never
/// does: go quiet before the headers or mid-body, reset the connection (RST), write a broken body. Replays that need no
/// socket use the in-process <see cref="ReplayHandler"/> instead.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    /// <summary>A minimal completed response.</summary>
    public const string CompletedBody = """{"id":"resp_1","status":"completed","output":[]}""";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<FakeConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _served = [];
    private readonly List<FakeRequest> _requests = [];
    private readonly Eventually _changes = new();
    private readonly Task _acceptLoop;
    private int _connections;

    /// <summary>A server that plays <paramref name="script"/> on every connection, once its request has been read.</summary>
    public FakeServer(Func<FakeConnection, Task> script)
    {
        _script = script;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The server's root, without a trailing slash: <c>http://127.0.0.1:port</c>.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public Uri BaseUrl => new(Url);

    /// <summary>How many connections were accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToArray();
        }
    }

    /// <summary>Answers <c>POST /v1/responses</c> with a JSON body (a content type given in <paramref name="headers"/> wins).</summary>
    public static FakeServer Json(string body, int status = 200, params (string Name, string Value)[] headers) =>
        Answers(FakeAnswer.Json(body, status, headers));

    /// <summary>Answers <c>POST /v1/responses</c> with a 200 <c>text/event-stream</c> body.</summary>
    public static FakeServer Sse(byte[] body) => Answers(FakeAnswer.Sse(body));

    /// <summary>Answers <c>POST /v1/responses</c> with <paramref name="answers"/> in the order the requests arrive; the last one repeats.</summary>
    public static FakeServer Answers(params FakeAnswer[] answers) => On("POST /v1/responses", answers);

    /// <summary>
    /// Answers requests for <paramref name="route"/> (<c>"GET /v1/models"</c>; null for any) with <paramref name="answers"/>
    /// in the order the requests arrive, the last one repeating, and anything else with 404, as a real server would.
    /// </summary>
    public static FakeServer On(string? route, params FakeAnswer[] answers) => new(connection => connection.AnswerAsync(
        route is null || route == $"{connection.Request.Method} {connection.Request.Path}"
            ? answers[Math.Min(connection.Request.Index, answers.Length - 1)]
            : FakeAnswer.Json("""{"error":{"message":"No route for this request.","type":"not_found"}}""", 404)));

    /// <summary>Sends <paramref name="request"/> through the client from DI to a server answering <see cref="CompletedBody"/>, and returns what the server received.</summary>
    public static async Task<FakeRequest> CaptureAsync(ResponseRequest request, Action<ResponsesClientOptions>? configure = null)
    {
        // A JSON answer serves streaming requests too: the client accepts a server that ignores "stream": true.
        await using var server = Json(CompletedBody);
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            configure?.Invoke(o);
        });

        await host.Client.CreateAsync(request);

        return Assert.Single(server.Requests);
    }

    /// <summary>Waits until the server has received <paramref name="count"/> requests.</summary>
    public Task WaitForRequestsAsync(int count) =>
        _changes.WaitUntilAsync(() => Requests.Count >= count, () => $"{count} request(s) expected, {Requests.Count} received");

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
                var request = await ReadRequestAsync(stream, _stop.Token);
                _changes.Changed();
                await _script(new FakeConnection(client, stream, request, _stop.Token));
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server is stopping: nothing to report.
            }
        }
    }

    private async Task<FakeRequest> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var reader = new RequestReader(stream, cancellationToken);
        var requestLine = (await reader.ReadLineAsync()).Split(' ');
        var headers = new List<KeyValuePair<string, string>>();
        for (var line = await reader.ReadLineAsync(); line.Length > 0; line = await reader.ReadLineAsync())
        {
            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        var body = Header(headers, "Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true
            ? await reader.ReadChunkedAsync()
            : await reader.ReadExactlyAsync(int.Parse(Header(headers, "Content-Length") ?? "0"));
        lock (_requests)
        {
            var request = new FakeRequest(_requests.Count, requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
            _requests.Add(request);
            return request;
        }
    }

    internal static string? Header(IEnumerable<KeyValuePair<string, string>> headers, string name) =>
        headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    // Reads the request byte by byte: slow, but it never reads past the request into what the script does next.
    private sealed class RequestReader(NetworkStream stream, CancellationToken cancellationToken)
    {
        private readonly byte[] _one = new byte[1];

        public async Task<string> ReadLineAsync()
        {
            var line = new List<byte>();
            while (true)
            {
                var b = await ReadByteAsync();
                if (b == '\n')
                    return Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
                line.Add(b);
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int length)
        {
            var bytes = new byte[length];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            return bytes;
        }

        public async Task<byte[]> ReadChunkedAsync()
        {
            var body = new List<byte>();
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync()).Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    while ((await ReadLineAsync()).Length > 0)
                    {
                    }

                    return body.ToArray();
                }

                body.AddRange(await ReadExactlyAsync(size));
                await ReadLineAsync();
            }
        }

        private async Task<byte> ReadByteAsync()
        {
            if (await stream.ReadAsync(_one, cancellationToken) == 0)
                throw new IOException("The client closed the connection before sending a whole request.");
            return _one[0];
        }
    }
}

/// <summary>A request as the server received it; <see cref="Index"/> is its place in the order of arrival.</summary>
internal sealed record FakeRequest(int Index, string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    /// <summary>The value of the first header named <paramref name="name"/> (ignoring case), or null.</summary>
    public string? Header(string name) => FakeServer.Header(Headers, name);
}

/// <summary>A canned answer: status, headers and the whole body, sent with its length.</summary>
internal sealed record FakeAnswer(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    public static FakeAnswer Json(string body, int status = 200, params (string Name, string Value)[] headers) =>
        new(status, headers.Any(h => string.Equals(h.Name, "Content-Type", StringComparison.OrdinalIgnoreCase)) ? headers : [("Content-Type", "application/json"), .. headers],
            Encoding.UTF8.GetBytes(body));

    public static FakeAnswer Sse(byte[] body) => new(200, [("Content-Type", "text/event-stream")], body);
}

/// <summary>One accepted connection, after its request has been read.</summary>
internal sealed class FakeConnection(TcpClient client, NetworkStream stream, FakeRequest request, CancellationToken stopping)
{
    public FakeRequest Request { get; } = request;

    /// <summary>Sends <paramref name="answer"/> and closes the connection.</summary>
    public Task AnswerAsync(FakeAnswer answer)
    {
        var head = new StringBuilder($"HTTP/1.1 {answer.Status} {ReasonPhrase(answer.Status)}\r\n");
        foreach (var (name, value) in answer.Headers)
            head.Append($"{name}: {value}\r\n");
        head.Append($"Content-Length: {answer.Body.Length}\r\nConnection: close\r\n\r\n");
        return WriteAsync([.. Encoding.ASCII.GetBytes(head.ToString()), .. answer.Body]);
    }

    /// <summary>Writes a 200 event-stream head with no length: the body runs until the connection ends.</summary>
    public Task SendSseHeadAsync() =>
        WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n");

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task WriteAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes, stopping);
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

    // "BadGateway" -> "Bad Gateway"; the client reads the status code, never the phrase.
    private static string ReasonPhrase(int status)
    {
        if (!Enum.IsDefined((HttpStatusCode)status))
            return "Status";
        var name = ((HttpStatusCode)status).ToString();
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]) ? " " + c : c.ToString()));
    }
}
