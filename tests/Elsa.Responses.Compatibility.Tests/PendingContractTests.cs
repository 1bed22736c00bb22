using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Compatibility.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Compatibility.Tests;

/// <summary>
/// The client against llama-server, using members added for issues 8 and 9 (<see cref="ResponseResult.IncompleteInferred"/>,
/// <see cref="ResponseResult.Warnings"/>, <c>AddResponsesClient</c>'s <c>configureHttpClient</c>). Excluded from the build
/// (see the csproj) until those members exist.
/// </summary>
[Collection(LlamaServerCollection.Name)]
public sealed class PendingContractTests(LlamaServerFixture servers)
{
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxOutputTokens_Truncated_IsMarkedInferred(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var request = LlamaClient.Request();
        request.MaxOutputTokens = 2;

        var result = (await llama.SendAsync(request, stream)).Result;

        Assert.Equal(ResponseStatus.Incomplete, result.Status);
        Assert.Equal("max_output_tokens", result.IncompleteReason);
        Assert.True(result.IncompleteInferred);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxOutputTokens_NotReached_IsNotInferred(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var request = LlamaClient.Request();
        request.MaxOutputTokens = 100;

        var result = (await llama.SendAsync(request, stream)).Result;

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.False(result.IncompleteInferred);
        Assert.Empty(result.Warnings);
    }

    // llama.cpp ignores a tool_choice object (it logs "Wrong type" and acts as auto), so get_weather is not called.
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NamedToolChoiceIgnoredByTheServer_Warns(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var request = LlamaClient.Request();
        request.Tools = LlamaClient.WeatherTools();
        request.ToolChoice = ToolChoice.Function("get_weather");

        var result = (await llama.SendAsync(request, stream)).Result;

        Assert.Equal("Hi!", result.Text);
        Assert.Empty(result.ToolCalls);
        Assert.Contains("get_weather", Assert.Single(result.Warnings));
    }

    // The real stream, cut just before response.completed: every argument delta of the call had arrived, so the
    // partial result keeps the call (issue 9 §2).
    [CompatFact]
    public async Task ToolChoiceRequired_StreamCutBeforeCompleted_PartialKeepsTheCall()
    {
        using var llama = new LlamaClient(await servers.PlainAsync(), register: (services, configure) =>
            services.AddResponsesClient(LlamaClient.ConnectionName, configure,
                http => http.AddHttpMessageHandler(() => new CutBeforeCompletedHandler())));
        var request = LlamaClient.Request("What is the weather in Paris?");
        request.Tools = LlamaClient.WeatherTools();
        request.ToolChoice = ToolChoice.Required;

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => llama.SendAsync(request, stream: true));

        Assert.Equal(ErrorTypes.StreamEndedEarly, exception.Error.Type);
        Assert.Equal("Hi!", exception.Partial.Text);
        var call = Assert.Single(exception.Partial.ToolCalls);
        Assert.Equal("get_weather", call.Name);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"city":"Paris"}"""), JsonNode.Parse(call.Arguments)), call.Arguments);
    }

    // Passes the real response on, with its body ending where "event: response.completed" begins.
    private sealed class CutBeforeCompletedHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                return response;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var cut = body.IndexOf("event: response.completed", StringComparison.Ordinal);
            Assert.True(cut > 0, body);
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body[..cut]));
            foreach (var header in response.Content.Headers)
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            content.Headers.ContentLength = null;
            response.Content = content;
            return response;
        }
    }
}
