using System.Text;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Errors;

/// <summary>
/// Servers echo the key they were sent ("Incorrect API key provided: sk-…"). Whatever the path, the configured key must
/// not reach an exception message, the raw body, the error or the partial result.
/// </summary>
public sealed class SecretRedactionTests
{
    private const string Key = TestClients.ApiKey;

    [Fact]
    public async Task CreateAsync_401EchoingTheKey_KeyRedactedEverywhere()
    {
        await using var server = FakeServer.Json("""{"error":{"message":"Incorrect API key provided: KEY.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""".Replace("KEY", Key), 401);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("Incorrect API key provided: ***.", exception.Error.Message);
        AssertNoKey(exception);
    }

    [Fact]
    public async Task CreateAsync_HtmlPageEchoingTheKey_KeyRedactedEverywhere()
    {
        await using var server = FakeServer.Json($"<html><body><h1>Forbidden</h1><p>Token {Key} is not allowed.</p></body></html>", 403);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Contains("***", exception.RawBody);
        AssertNoKey(exception);
    }

    [Fact]
    public async Task CreateAsync_DigitalOceanBodyEchoingTheKey_KeyRedactedEverywhere()
    {
        await using var server = FakeServer.Json("""{"id":"unauthorized","message":"Bearer KEY is invalid.","request_id":"r1"}""".Replace("KEY", Key), 401);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        AssertNoKey(await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text())));
    }

    [Fact]
    public async Task CreateAsync_StreamErrorEventEchoingTheKey_KeyRedactedEverywhere()
    {
        var stream = SseChunks.PartialAnswer +
                     ("event: error\n" + """data: {"type":"error","error":{"type":"invalid_request_error","code":"invalid_api_key","message":"Key KEY was revoked."}}""".Replace("KEY", Key) + "\n\n");
        var client = TestClients.Direct(ReplayHandler.Sse(Encoding.UTF8.GetBytes(stream)));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal("Key *** was revoked.", exception.Error.Message);
        Assert.Equal("Partial answer", exception.Partial.Text);
        AssertNoKey(exception);
    }

    [Fact]
    public async Task CreateAsync_ResponseFailedEchoingTheKey_KeyRedactedEverywhere()
    {
        var stream = SseChunks.PartialAnswer +
                     ("""data: {"type":"response.failed","response":{"id":"resp_cut","status":"failed","output":[],"error":{"code":"invalid_api_key","message":"Key KEY was revoked."}}}""".Replace("KEY", Key) + "\n\n");
        var client = TestClients.Direct(ReplayHandler.Sse(Encoding.UTF8.GetBytes(stream)));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal("Partial answer", exception.Partial.Text);
        AssertNoKey(exception);
    }

    [Fact]
    public async Task CreateAsync_FailedBodyEchoingTheKey_KeyRedactedEverywhere()
    {
        await using var server = FakeServer.Json("""{"id":"resp_f","status":"failed","output":[],"error":{"code":"invalid_api_key","message":"Key KEY was revoked."}}""".Replace("KEY", Key));
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("Key *** was revoked.", exception.Error.Message);
        AssertNoKey(exception);
    }

    [Fact]
    public async Task StreamAsync_JsonBodyFailedEchoingTheKey_KeyRedactedEverywhere()
    {
        var body = """{"id":"resp_f","status":"failed","output":[],"error":{"code":"invalid_api_key","message":"Key KEY was revoked."}}""".Replace("KEY", Key);
        var client = TestClients.Direct(ReplayHandler.Json(body));

        AssertNoKey(await Assert.ThrowsAsync<ResponsesApiException>(async () => await client.StreamAsync(SampleRequests.Text()).ToListAsync()));
    }

    // The failed response object holds no key, but the error event before it does: the partial's error comes from the
    // event, so a clean response object must not vouch for it.
    [Fact]
    public async Task StreamAsync_ErrorEventEchoesKeyBeforeCleanFailedResponse_KeyAbsentFromPartialError()
    {
        var sse = $$$"""
            data: {"type":"error","code":"invalid_api_key","message":"Key {{{Key}}} was revoked."}

            data: {"type":"response.failed","response":{"id":"resp_f","status":"failed","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Partial"}]}]}}


            """;
        var client = TestClients.Direct(ReplayHandler.Sse(System.Text.Encoding.UTF8.GetBytes(sse)));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(async () => await client.StreamAsync(SampleRequests.Text()).ToListAsync());

        Assert.Equal("Key *** was revoked.", exception.Partial.Error?.Message);
        AssertNoKey(exception);
    }

    private static void AssertNoKey(ResponsesApiException exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            Assert.DoesNotContain(Key, e.Message);
        Assert.DoesNotContain(Key, exception.ToString());
        Assert.DoesNotContain(Key, exception.RawBody ?? string.Empty);
        Assert.DoesNotContain(Key, exception.Error.ToString());
        var partial = exception.Partial;
        Assert.DoesNotContain(Key, partial.Text);
        Assert.DoesNotContain(Key, partial.Error?.ToString() ?? string.Empty);
        Assert.DoesNotContain(Key, partial.Raw?.GetRawText() ?? string.Empty);
        Assert.All(partial.OutputItems, item => Assert.DoesNotContain(Key, item.GetRawText()));
    }
}
