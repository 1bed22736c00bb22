using System.Net;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Errors;

/// <summary>HTTP error answers, over loopback HTTP from the fake server, through the DI client with retries on.</summary>
public sealed class HttpErrorTests
{
    [Fact]
    public async Task CreateAsync_401_NotRetriedAndTypedWithEveryServerField()
    {
        const string body = """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""";
        await using var server = Respond(401, body, ("x-request-id", "req_7f3a9c"));
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Single(server.Requests);
        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Equal("invalid_request_error", exception.Error.Type);
        Assert.Equal("invalid_api_key", exception.Error.Code);
        Assert.Equal("Incorrect API key provided.", exception.Error.Message);
        Assert.Null(exception.Error.Param);
        Assert.Equal("req_7f3a9c", exception.RequestId);
        Assert.Equal(body, exception.RawBody);
        Assert.Equal("POST /v1/responses failed with HTTP 401 (Unauthorized): invalid_api_key: Incorrect API key provided.", exception.Message);
    }

    [Fact]
    public async Task CreateAsync_HtmlBadGatewayPage_RetriedThenSurfacedWithCleanMessageAndRawBody()
    {
        const string body = """
            <html>
            <head><title>502 Bad Gateway</title><style>body { font-family: sans-serif; }</style></head>
            <body>
            <center><h1>502 Bad Gateway</h1></center>
            <hr><center>nginx</center>
            <script>console.log("retry later")</script>
            </body>
            </html>
            """;
        await using var server = Respond(502, body, ("Content-Type", "text/html"));
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.MaxRetryAttempts = 2;
        });

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(HttpStatusCode.BadGateway, exception.StatusCode);
        Assert.Equal("502 Bad Gateway 502 Bad Gateway nginx", exception.Error.Message);
        Assert.Equal(body, exception.RawBody);
        Assert.DoesNotContain("<", exception.Message);
    }

    [Fact]
    public async Task CreateAsync_DigitalOceanControlPlaneBody_ReadsIdMessageAndBodyRequestId()
    {
        const string body = """{"id":"unauthorized","message":"Unable to authenticate you.","request_id":"4851a473-1621-42ea-b2f9-5071c0ea8414"}""";
        await using var server = Respond(401, body);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("unauthorized", exception.Error.Type);
        Assert.Equal("unauthorized", exception.Error.Code);
        Assert.Equal("Unable to authenticate you.", exception.Error.Message);
        Assert.Equal("4851a473-1621-42ea-b2f9-5071c0ea8414", exception.RequestId);
    }

    [Fact]
    public async Task CreateAsync_RequestIdInHeaderAndBody_HeaderWins()
    {
        await using var server = Respond(403, """{"id":"forbidden","message":"No.","request_id":"from-body"}""", ("x-request-id", "from-header"));
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("from-header", exception.RequestId);
    }

    [Fact]
    public async Task CreateAsync_VllmIntegerCode_KeptAsItsText()
    {
        await using var server = Respond(400, """{"error":{"message":"max_tokens must be at least 1, got 0.","type":"BadRequestError","param":null,"code":400}}""");
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("400", exception.Error.Code);
        Assert.Equal("BadRequestError", exception.Error.Type);
        Assert.Equal("max_tokens must be at least 1, got 0.", exception.Error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CreateAsync_ErrorAsPlainString_MessageKept()
    {
        await using var server = Respond(404, """{"error":"model 'llama9' not found"}""");
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("model 'llama9' not found", exception.Error.Message);
        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
    }

    [Fact]
    public async Task StreamAsync_HttpErrorBeforeStream_ThrowsTypedOnFirstIteration()
    {
        await using var server = Respond(400, """{"error":{"message":"Unknown parameter: 'foo'.","type":"invalid_request_error","param":"foo","code":"unknown_parameter"}}""");
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(async () => await host.Client.StreamAsync(SampleRequests.Text()).ToListAsync());

        Assert.Equal("foo", exception.Error.Param);
        Assert.Equal("unknown_parameter", exception.Error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
    }

    private static FakeServer Respond(int status, string body, params (string Name, string Value)[] headers) =>
        FakeServer.Json(body, status, headers);
}
