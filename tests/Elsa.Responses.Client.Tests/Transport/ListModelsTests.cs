using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary><see cref="IResponsesClient.ListModelsAsync"/> against WireMock's <c>GET /v1/models</c>.</summary>
public sealed class ListModelsTests(WireMockFixture wireMock) : IClassFixture<WireMockFixture>
{
    [Fact]
    public async Task ListModelsAsync_ModelList_ReturnsDistinctIdsSortedOrdinally()
    {
        var prefix = Models(200, """{"object":"list","data":[{"id":"zeta","object":"model"},{"id":"alpha"},{"id":"Mid"},{"id":"alpha"},{"object":"model"}]}""");
        using var host = TestClients.ViaServices(o => o.BaseUrl = wireMock.BaseUrl(prefix));

        var models = await host.Client.ListModelsAsync();

        Assert.Equal(["Mid", "alpha", "zeta"], models);
        var entry = Assert.Single(wireMock.Requests(prefix));
        Assert.Equal("GET", entry.RequestMessage!.Method);
        Assert.Equal(prefix + "/v1/models", entry.RequestMessage.Path);
        Assert.Equal("Bearer " + TestClients.ApiKey, WireMockCapture.Header(entry, "Authorization"));
    }

    [Fact]
    public async Task ListModelsAsync_BaseUrlEndingInV1_GetsModelsUnderIt()
    {
        var prefix = Models(200, """{"data":[{"id":"m"}]}""");
        using var host = TestClients.ViaServices(o => o.BaseUrl = new Uri(wireMock.Server.Url + prefix + "/v1"));

        Assert.Equal(["m"], await host.Client.ListModelsAsync());
    }

    [Fact]
    public async Task ListModelsAsync_401_TypedError()
    {
        var prefix = Models(401, """{"error":{"message":"Invalid key.","type":"invalid_request_error","code":"invalid_api_key"}}""");
        using var host = TestClients.ViaServices(o => o.BaseUrl = wireMock.BaseUrl(prefix));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.ListModelsAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Equal("invalid_api_key", exception.Error.Code);
        Assert.StartsWith("GET /v1/models failed with HTTP 401", exception.Message);
    }

    [Fact]
    public async Task ListModelsAsync_BodyNotAModelList_InvalidResponse()
    {
        var prefix = Models(200, "<html>maintenance</html>");
        using var host = TestClients.ViaServices(o => o.BaseUrl = wireMock.BaseUrl(prefix));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.ListModelsAsync());

        Assert.Equal(ErrorTypes.InvalidResponse, exception.Error.Type);
    }

    private string Models(int status, string body)
    {
        var prefix = wireMock.NewPrefix();
        wireMock.Server.Given(Request.Create().WithPath(prefix + "/v1/models").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
        return prefix;
    }
}
