using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Requests;

/// <summary>The headers the server received.</summary>
public sealed class RequestHeadersTests
{
    [Fact]
    public async Task CreateAsync_WithApiKey_SendsJsonContentTypeAndBearerAuthorization()
    {
        var entry = await FakeServer.CaptureAsync(SampleRequests.Text());

        Assert.Equal("POST", entry.Method);
        Assert.Equal("application/json", entry.Header("Content-Type"));
        Assert.Equal("Bearer " + TestClients.ApiKey, entry.Header("Authorization"));
    }

    [Fact]
    public async Task CreateAsync_WithoutApiKey_SendsNoAuthorization()
    {
        var entry = await FakeServer.CaptureAsync(SampleRequests.Text(), o => o.ApiKey = null);

        Assert.Null(entry.Header("Authorization"));
    }

    [Fact]
    public async Task CreateAsync_Streaming_AcceptsEventStream()
    {
        var entry = await FakeServer.CaptureAsync(SampleRequests.Text(stream: true));

        Assert.Equal("text/event-stream", entry.Header("Accept"));
    }
}
