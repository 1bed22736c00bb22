using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Transport;

/// <summary><see cref="IResponsesClient.ListModelsAsync"/> against the fake server's <c>GET /v1/models</c>.</summary>
public sealed class ListModelsTests
{
    [Fact]
    public async Task ListModelsAsync_ModelList_ReturnsDistinctIdsSortedOrdinally()
    {
        await using var server = Models(200, """{"object":"list","data":[{"id":"zeta","object":"model"},{"id":"alpha"},{"id":"Mid"},{"id":"alpha"},{"object":"model"}]}""");
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var models = await host.Client.ListModelsAsync();

        Assert.Equal(["Mid", "alpha", "zeta"], models);
        var entry = Assert.Single(server.Requests);
        Assert.Equal("GET", entry.Method);
        Assert.Equal("/v1/models", entry.Path);
        Assert.Equal("Bearer " + TestClients.ApiKey, entry.Header("Authorization"));
    }

    [Fact]
    public async Task ListModelsAsync_BaseUrlEndingInV1_GetsModelsUnderIt()
    {
        await using var server = Models(200, """{"data":[{"id":"m"}]}""");
        using var host = TestClients.ViaServices(o => o.BaseUrl = new Uri(server.Url + "/v1"));

        Assert.Equal(["m"], await host.Client.ListModelsAsync());
    }

    [Fact]
    public async Task ListModelsAsync_401_TypedError()
    {
        await using var server = Models(401, """{"error":{"message":"Invalid key.","type":"invalid_request_error","code":"invalid_api_key"}}""");
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.ListModelsAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Equal("invalid_api_key", exception.Error.Code);
        Assert.StartsWith("GET /v1/models failed with HTTP 401", exception.Message);
    }

    [Fact]
    public async Task ListModelsAsync_BodyNotAModelList_InvalidResponse()
    {
        await using var server = Models(200, "<html>maintenance</html>");
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.ListModelsAsync());

        Assert.Equal(ErrorTypes.InvalidResponse, exception.Error.Type);
    }

    private static FakeServer Models(int status, string body) => FakeServer.On("GET /v1/models", FakeAnswer.Json(body, status));
}
