using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary>The base URL may be given with or without <c>/v1</c> (OpenAI's documentation writes it with).</summary>
public sealed class BaseUrlTests
{
    [Theory]
    [InlineData("", "/v1/responses")]
    [InlineData("/", "/v1/responses")]
    [InlineData("/v1", "/v1/responses")]
    [InlineData("/v1/", "/v1/responses")]
    [InlineData("/V1", "/V1/responses")]
    [InlineData("/openai", "/openai/v1/responses")]
    public async Task CreateAsync_BaseUrlSuffix_PostsToResponsesUnderOneV1(string suffix, string expectedPath)
    {
        const string prefix = "/base";
        await using var server = FakeServer.On(null, FakeAnswer.Json(FakeServer.CompletedBody));
        using var host = TestClients.ViaServices(o => o.BaseUrl = new Uri(server.Url + prefix + suffix));

        await host.Client.CreateAsync(SampleRequests.Text());

        Assert.Equal(prefix + expectedPath, Assert.Single(server.Requests).Path);
    }
}
