using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>
/// Issue 14 §2: a connection's <c>MaxConcurrentRequests</c> (System.Threading.RateLimiting's ConcurrencyLimiter in the
/// resilience pipeline) against a loopback server that answers 429 whenever more than N requests are open at once.
/// The server holds each request for a moment so that calls overlap; nothing is timed.
/// </summary>
public sealed class ConcurrencyLimitTests
{
    private const int Limit = 4;
    private const int Calls = 200;

    [Fact]
    public async Task Limited_to_the_servers_capacity_200_concurrent_calls_all_complete_with_no_429()
    {
        var server = new CapacityServer(Limit);
        await using var fake = server.Start();
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = fake.BaseUrl;
            o.MaxConcurrentRequests = Limit;
            o.QueueLimit = Calls;
            o.MaxRetryAttempts = 0;
        });

        var results = await Task.WhenAll(Enumerable.Range(0, Calls).Select(i => host.Client.CreateAsync(new ResponseRequest { Model = "m", Input = $"call {i}" })));

        Assert.Equal(Calls, results.Length);
        Assert.Equal(0, server.Rejected);
        Assert.Equal(Calls, server.Served);
        Assert.True(server.MostOpen <= Limit, $"{server.MostOpen} requests were open at once");
    }

    [Fact]
    public async Task Without_the_limit_the_same_burst_meets_429s()
    {
        var server = new CapacityServer(Limit);
        await using var fake = server.Start();
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = fake.BaseUrl;
            o.MaxRetryAttempts = 0;
        });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Calls).Select(async i =>
        {
            try
            {
                await host.Client.CreateAsync(new ResponseRequest { Model = "m", Input = $"call {i}" });
                return 200;
            }
            catch (ResponsesApiException exception)
            {
                return (int?)exception.StatusCode ?? -1;
            }
        }));

        Assert.True(server.Rejected > 0, "The server never saw more than its capacity: the burst did not overlap.");
        Assert.Contains(429, outcomes);
    }

    [Fact]
    public async Task A_call_that_finds_the_queue_full_fails_locally_and_sends_nothing()
    {
        var release = new TaskCompletionSource();
        var received = 0;
        await using var fake = new FakeServer(async connection =>
        {
            Interlocked.Increment(ref received);
            await release.Task;
            await connection.AnswerAsync(FakeAnswer.Json(FakeServer.CompletedBody));
        });
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = fake.BaseUrl;
            o.MaxConcurrentRequests = 1;
            o.QueueLimit = 0;
        });

        var first = host.Client.CreateAsync(new ResponseRequest { Model = "m", Input = "first" });
        await fake.WaitForRequestsAsync(1);
        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(new ResponseRequest { Model = "m", Input = "second" }));
        release.SetResult();
        await first;

        Assert.Equal(ErrorTypes.RateLimitedLocally, exception.Error.Type);
        Assert.Contains("nothing was sent", exception.Message);
        Assert.Equal(1, received);
    }

    [Fact]
    public async Task A_streamed_call_keeps_its_place_until_its_stream_has_been_read()
    {
        // Limit 1: while the first call's stream is open (headers and a delta arrived, the rest held back), the second
        // call waits; it is sent once the first stream has been read to its end.
        var release = new TaskCompletionSource();
        var received = 0;
        await using var fake = new FakeServer(async connection =>
        {
            if (Interlocked.Increment(ref received) == 1)
            {
                await connection.SendSseHeadAsync();
                await connection.WriteAsync(SseChunks.Created + SseChunks.TextDelta("Hi"));
                await release.Task;
                await connection.WriteAsync(Completed("Hi"));
            }
            else
            {
                await connection.AnswerAsync(FakeAnswer.Json(FakeServer.CompletedBody));
            }
        });
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = fake.BaseUrl;
            o.MaxConcurrentRequests = 1;
            o.MaxRetryAttempts = 0;
        });

        await using var first = host.Client.StreamAsync(new ResponseRequest { Model = "m", Input = "first" }).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());
        Assert.Equal("Hi", first.Current.Delta);
        var second = host.Client.CreateAsync(new ResponseRequest { Model = "m", Input = "second" });

        // The second request must not reach the server while the first stream is open (it would at once without the hold).
        await Task.WhenAny(fake.WaitForRequestsAsync(2), Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(1, Volatile.Read(ref received));
        Assert.False(second.IsCompleted);

        release.SetResult();
        while (await first.MoveNextAsync())
        {
        }

        await second;
        Assert.Equal(2, Volatile.Read(ref received));
    }

    private static string Completed(string text) =>
        "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_cut\",\"status\":\"completed\",\"output\":[{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + text + "\"}]}]}}\n\n";

    // Answers 429 when more than `capacity` requests are open, else holds the request briefly and answers 200. A request
    // counts as open from its arrival until its answer is about to be written.
    private sealed class CapacityServer(int capacity)
    {
        private int _open;
        private int _mostOpen;
        private int _rejected;
        private int _served;

        public int MostOpen => Volatile.Read(ref _mostOpen);

        public int Rejected => Volatile.Read(ref _rejected);

        public int Served => Volatile.Read(ref _served);

        public FakeServer Start() => new(async connection =>
        {
            var open = Interlocked.Increment(ref _open);
            for (var most = MostOpen; open > most && Interlocked.CompareExchange(ref _mostOpen, open, most) != most; most = MostOpen)
            {
            }

            if (open > capacity)
            {
                Interlocked.Increment(ref _rejected);
                Interlocked.Decrement(ref _open);
                await connection.AnswerAsync(FakeAnswer.Json("""{"error":{"message":"Too many requests","type":"rate_limit_exceeded"}}""", 429));
                return;
            }

            await Task.Delay(10);
            Interlocked.Increment(ref _served);
            Interlocked.Decrement(ref _open);
            await connection.AnswerAsync(FakeAnswer.Json(FakeServer.CompletedBody));
        });
    }
}
