using Elsa.Responses.Client.Errors;
using System.Net;
using Elsa.Responses.Client.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Client.Tests.DependencyInjection;

/// <summary>
/// A connection names its server (there is no implicit BaseUrl), and <c>AddResponsesClient</c> hands over the
/// connection's <see cref="IHttpClientBuilder"/> for proxies, certificates and handlers.
/// </summary>
public sealed class ConnectionSetupTests
{
    [Fact]
    public void CreateClient_ConnectionWithoutBaseUrl_ThrowsNamingTheConnection()
    {
        var services = new ServiceCollection();
        services.AddResponsesClient("nobase", o => o.ApiKey = "sk-no-base-url-here");
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IResponsesClientFactory>();

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient("nobase"));

        Assert.Contains("'nobase'", exception.Message);
        Assert.Contains("BaseUrl", exception.Message);
    }

    [Fact]
    public async Task StartAsync_ConnectionWithoutBaseUrl_FailsNamingTheConnection()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddResponsesClient("with-url", o => o.BaseUrl = new Uri("https://inference.do-ai.run"));
        builder.Services.AddResponsesClient("nobase");
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("nobase", exception.OptionsName);
        Assert.Contains("Responses connection 'nobase': BaseUrl is required", exception.Message);
    }

    [Fact]
    public async Task AddResponsesClient_HandlerAddedThroughTheHttpClientBuilder_SeesTheRequest()
    {
        var seen = new List<HttpRequestMessage>();
        var replay = ReplayHandler.Json("""{"id":"resp_1","status":"completed","output":[]}""");
        var services = new ServiceCollection();
        services.AddResponsesClient(
            "proxied",
            o => (o.BaseUrl, o.ApiKey) = (new Uri("https://models.example.com"), "sk-proxied-key-123"),
            http => http
                .AddHttpMessageHandler(() => new RecordingHandler(seen))
                .ConfigurePrimaryHttpMessageHandler(() => replay));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IResponsesClientFactory>().CreateClient("proxied").CreateAsync(SampleRequests.Text());

        var request = Assert.Single(seen);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://models.example.com/v1/responses", request.RequestUri!.AbsoluteUri);
        Assert.Single(replay.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateAsync_CustomHandlerThrows_UnexpectedErrorWithTheKeyMasked(bool stream)
    {
        const string key = "sk-handler-leak-key-0123456789";
        var services = new ServiceCollection();
        services.AddResponsesClient(
            "broken",
            o => (o.BaseUrl, o.ApiKey, o.MaxRetryAttempts) = (new Uri("https://models.example.com"), key, 0),
            http => http.AddHttpMessageHandler(() => new ThrowingHandler($"The proxy rejected the header Bearer {key}.")));
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IResponsesClientFactory>().CreateClient("broken");

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream)));

        Assert.Equal(ErrorTypes.Unexpected, exception.Error.Type);
        Assert.Equal("InvalidOperationException: The proxy rejected the header Bearer ***.", exception.Message);
        Assert.DoesNotContain(key, exception.ToString());
        Assert.Null(exception.InnerException);
    }

    // A handler with a bug: throws what no HTTP stack would.
    private sealed class ThrowingHandler(string message) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(message);
    }

    // A handler a user adds: records each request it passes on.
    private sealed class RecordingHandler(List<HttpRequestMessage> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
                seen.Add(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
