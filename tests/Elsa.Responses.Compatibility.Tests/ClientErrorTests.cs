using System.Net;
using System.Text.Json.Nodes;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Compatibility.Tests.TestSupport;

namespace Elsa.Responses.Compatibility.Tests;

/// <summary>The client against llama-server's errors: 400 for what it does not support, 401 from the keyed server.</summary>
[Collection(LlamaServerCollection.Name)]
public sealed class ClientErrorTests(LlamaServerFixture servers)
{
    private const string WrongKey = "wrong-key-7c41e9";

    // Over the 2,048-token context of serve.sh: llama.cpp answers 400 exceed_context_size_error.
    public static readonly string LongPrompt = string.Concat(Enumerable.Repeat("hello world ", 250));

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PreviousResponseId_400InvalidRequestError(bool stream)
    {
        var exception = await RejectedAsync(await servers.PlainAsync(), WithPreviousResponseId(), stream);

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Equal("invalid_request_error", exception.Error.Type);
        Assert.Equal("llama.cpp does not support 'previous_response_id'.", exception.Error.Message);
        Assert.Contains("HTTP 400", exception.Message);
        Assert.Contains("llama.cpp does not support 'previous_response_id'.", exception.Message);
        Assert.Contains("\"invalid_request_error\"", exception.RawBody);
    }

    // llama.cpp's error code is the HTTP status again ({"code":400,…}); the message must not say it twice (issue 9 §2).
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PreviousResponseId_MessageDoesNotRepeatTheStatusCode(bool stream)
    {
        var exception = await RejectedAsync(await servers.PlainAsync(), WithPreviousResponseId(), stream);

        Assert.DoesNotContain("400: ", exception.Message);
        // A numeric code adds nothing; the type, which says more, stands in front of the message as it does for OpenAI.
        Assert.EndsWith("(BadRequest): invalid_request_error: llama.cpp does not support 'previous_response_id'.", exception.Message);
    }

    [CompatTheory]
    [InlineData(false, WrongKey)]
    [InlineData(true, WrongKey)]
    [InlineData(false, null)]
    [InlineData(true, null)]
    public async Task KeyedServer_WrongOrMissingKey_401AuthenticationError(bool stream, string? key)
    {
        var exception = await RejectedAsync(await servers.KeyedAsync(), LlamaClient.Request(), stream, key);

        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Equal("authentication_error", exception.Error.Type);
        Assert.Equal("Invalid API Key", exception.Error.Message);
        Assert.DoesNotContain(WrongKey, exception.Message);
        Assert.DoesNotContain(WrongKey, exception.RawBody);
        Assert.DoesNotContain(WrongKey, exception.ToString());
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KeyedServer_RightKey_AnswersHi(bool stream)
    {
        using var llama = new LlamaClient(await servers.KeyedAsync(), LlamaServerFixture.ApiKey);

        var result = (await llama.SendAsync(LlamaClient.Request(), stream)).Result;

        Assert.Equal("Hi!", result.Text);
    }

    [CompatFact]
    public async Task KeyedServer_ModelsWithWrongKey_401()
    {
        using var llama = new LlamaClient(await servers.KeyedAsync(), WrongKey);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => llama.Client.ListModelsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Equal("authentication_error", exception.Error.Type);
        Assert.DoesNotContain(WrongKey, exception.Message);
    }

    // Local servers are often given a one-letter key such as "x". Masking it everywhere turned
    // "exceed_context_size_error" into "e***ceed_conte***t_size_error" (issue 9 §2). The server ignores the key here.
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ShortKey_ErrorTextIsNotMangled(bool stream)
    {
        var exception = await RejectedAsync(await servers.PlainAsync(), LlamaClient.Request(LongPrompt), stream, apiKey: "x");

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Equal("exceed_context_size_error", exception.Error.Type);
        Assert.Contains("exceeds the available context size (2048 tokens)", exception.Error.Message);
        Assert.Contains("exceeds the available context size (2048 tokens)", exception.Message);
        Assert.Contains("\"exceed_context_size_error\"", exception.RawBody);
        Assert.DoesNotContain("***", exception.Message);
    }

    private static async Task<ResponsesApiException> RejectedAsync(LlamaServer server, ResponseRequest request, bool stream, string? apiKey = null)
    {
        using var llama = new LlamaClient(server, apiKey);
        return await Assert.ThrowsAsync<ResponsesApiException>(() => llama.SendAsync(request, stream));
    }

    private static ResponseRequest WithPreviousResponseId()
    {
        var request = LlamaClient.Request();
        request.AdditionalProperties = new JsonObject { ["previous_response_id"] = "resp_from_another_server" };
        return request;
    }
}
