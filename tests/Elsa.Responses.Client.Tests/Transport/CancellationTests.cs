using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>The caller's own cancellation is not a failure: it surfaces as <see cref="OperationCanceledException"/>, never as <see cref="ResponsesApiException"/>.</summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task StreamAsync_CallerCancelsMidStream_OperationCanceled()
    {
        await using var server = new FakeServer(async connection =>
        {
            await connection.SendSseHeadAsync();
            await connection.WriteAsync(SseChunks.PartialAnswer);
            await connection.StallAsync();
        });
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);
        using var cancellation = new CancellationTokenSource();
        var deltas = 0;

        var exception = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in host.Client.StreamAsync(SampleRequests.Text(), cancellation.Token))
                if (++deltas == 2)
                    await cancellation.CancelAsync();
        });

        Assert.IsAssignableFrom<OperationCanceledException>(exception);
        Assert.Equal(2, deltas);
    }

    [Fact]
    public async Task CreateAsync_CallerCancelsBeforeHeaders_OperationCanceledAndNoRetry()
    {
        await using var server = new FakeServer(connection => connection.StallAsync());
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);
        using var cancellation = new CancellationTokenSource();

        var call = host.Client.CreateAsync(SampleRequests.Text(), cancellation.Token);
        await server.WaitForRequestsAsync(1);
        await cancellation.CancelAsync();
        var exception = await Record.ExceptionAsync(() => call.WaitAsync(Eventually.Patience));

        Assert.IsAssignableFrom<OperationCanceledException>(exception);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task CreateAsync_CallerCancelsInMemoryStall_OperationCanceled()
    {
        var body = new ChunkedStream([System.Text.Encoding.UTF8.GetBytes(SseChunks.PartialAnswer)], StreamEnd.Stall);
        var client = TestClients.Direct(new ReplayHandler(_ => ReplayHandler.Response(System.Net.HttpStatusCode.OK, "text/event-stream", body)));
        using var cancellation = new CancellationTokenSource();

        var call = client.CreateAsync(SampleRequests.Text(stream: true), cancellation.Token);
        await body.Stalled.WaitAsync(Eventually.Patience);
        await cancellation.CancelAsync();
        var exception = await Record.ExceptionAsync(() => call.WaitAsync(Eventually.Patience));

        Assert.IsAssignableFrom<OperationCanceledException>(exception);
    }
}
