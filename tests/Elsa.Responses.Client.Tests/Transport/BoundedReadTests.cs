using System.Net;
using System.Text;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>
/// Reads a server cannot blow up: an error body is read up to 64 KB, and one stream event up to
/// <see cref="ResponsesClientOptions.MaxEventBytes"/>; past that the call fails clearly and keeps what arrived.
/// </summary>
public sealed class BoundedReadTests
{
    [Fact]
    public async Task CreateAsync_OneMegabyteErrorBody_ReadOnlyUpTo64KilobytesAndRawBodyTruncated()
    {
        var body = new ChunkedStream([Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"" + new string('a', 1024 * 1024) + "\"}}")]);
        var client = TestClients.Direct(new ReplayHandler(_ => ReplayHandler.Response(HttpStatusCode.BadRequest, "application/json", body)));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.InRange(body.BytesRead, 1, 64 * 1024);
        Assert.NotNull(exception.RawBody);
        Assert.InRange(exception.RawBody.Length, 1, 4096);
        Assert.True(exception.Message.Length < 1024, $"The message is {exception.Message.Length} characters long.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateAsync_EventOverMaxEventBytes_TransportErrorNamingTheLimitWithPartialText(bool splitBeforeTheLargeEvent)
    {
        var head = Encoding.UTF8.GetBytes(SseChunks.PartialAnswer);
        var large = Encoding.UTF8.GetBytes(SseChunks.TextDelta(new string('z', 10_000)));
        var completed = Encoding.UTF8.GetBytes("""data: {"type":"response.completed","response":{"id":"resp_cut","status":"completed","output":[]}}""" + "\n\n");
        byte[] whole = [.. head, .. large, .. completed];
        var chunks = splitBeforeTheLargeEvent ? ChunkedStream.Split(whole, head.Length) : [whole];
        var client = TestClients.Direct(ReplayHandler.Sse(chunks), o => o.MaxEventBytes = 4096);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal(ErrorTypes.Transport, exception.Error.Type);
        Assert.Contains("MaxEventBytes", exception.Message);
        Assert.Contains("4096", exception.Message);
        Assert.Equal(ResponseStatus.Failed, exception.Partial.Status);
        Assert.Equal("Partial answer", exception.Partial.Text);
    }

    [Fact]
    public async Task CreateAsync_ManyEventsEachUnderMaxEventBytes_Completed()
    {
        // The limit is per event, not per stream: 20 events of 3 KB make a 60 KB stream under a 4 KB limit.
        var events = string.Concat(Enumerable.Range(0, 20).Select(_ => SseChunks.TextDelta(new string('y', 3000))));
        var body = Encoding.UTF8.GetBytes(SseChunks.Created + events + """data: {"type":"response.completed","response":{"id":"resp_cut","status":"completed","output":[]}}""" + "\n\n");
        var client = TestClients.Direct(ReplayHandler.Sse(body), o => o.MaxEventBytes = 4096);

        var result = await client.CreateAsync(SampleRequests.Text(stream: true));

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Equal(60_000, result.Text.Length);
    }
}
