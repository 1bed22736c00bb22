using System.Text.Json;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Structured;
using Elsa.Responses.Compatibility.Tests.TestSupport;

namespace Elsa.Responses.Compatibility.Tests;

/// <summary>
/// Issue 11 against a real server that ignores <c>text.format</c> (llama-server accepts it and answers "Hi!"): the request
/// is accepted, the answer is checked on the client's side, repaired once, and reported as failing its schema.
/// </summary>
[Collection(LlamaServerCollection.Name)]
public sealed class StructuredOutputTests(LlamaServerFixture servers)
{
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_ignores_text_format_is_caught_by_the_clients_own_check(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var request = LlamaClient.Request();
        request.Stream = stream;
        request.TextFormat = TextFormat.JsonSchema("greeting", JsonDocument.Parse("""{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""").RootElement);

        var result = await llama.Client.CreateStructuredAsync(request, repairAttempts: 1);

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Equal("Hi!", result.Text);
        Assert.Null(result.Json);
        Assert.Equal(2, result.Attempts);
        Assert.Equal([new SchemaError("", "the answer holds no JSON object or array")], result.SchemaErrors);
        Assert.Equal(8, result.Usage!.OutputTokens);
    }
}
