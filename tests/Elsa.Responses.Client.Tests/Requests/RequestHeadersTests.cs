using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Requests;

/// <summary>The headers WireMock received.</summary>
public sealed class RequestHeadersTests(WireMockFixture wireMock) : IClassFixture<WireMockFixture>
{
    [Fact]
    public async Task CreateAsync_WithApiKey_SendsJsonContentTypeAndBearerAuthorization()
    {
        var entry = await WireMockCapture.SendAsync(wireMock, SampleRequests.Text());

        Assert.Equal("POST", entry.RequestMessage!.Method);
        Assert.Equal("application/json", WireMockCapture.Header(entry, "Content-Type"));
        Assert.Equal("Bearer " + TestClients.ApiKey, WireMockCapture.Header(entry, "Authorization"));
    }

    [Fact]
    public async Task CreateAsync_WithoutApiKey_SendsNoAuthorization()
    {
        var entry = await WireMockCapture.SendAsync(wireMock, SampleRequests.Text(), o => o.ApiKey = null);

        Assert.Null(WireMockCapture.Header(entry, "Authorization"));
    }

    [Fact]
    public async Task CreateAsync_Streaming_AcceptsEventStream()
    {
        var entry = await WireMockCapture.SendAsync(wireMock, SampleRequests.Text(stream: true));

        Assert.Equal("text/event-stream", WireMockCapture.Header(entry, "Accept"));
    }
}
