using Elsa.Responses.Client.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>Builds clients: directly over a handler (fast, for replaying thousands of streams) or through DI (the real pipeline with retries and timeouts).</summary>
internal static class TestClients
{
    public const string ApiKey = "sk-test-Zq8v3Lr2Kx9";
    public const string ConnectionName = "test";

    /// <summary>The client over <paramref name="handler"/>, without the resilience handler.</summary>
    public static IResponsesClient Direct(HttpMessageHandler handler, Action<ResponsesClientOptions>? configure = null)
    {
        var options = new ResponsesClientOptions { BaseUrl = new Uri("http://replay.invalid"), ApiKey = ApiKey };
        configure?.Invoke(options);
        return new ResponsesClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, options, TimeProvider.System);
    }

    /// <summary>
    /// The client as an application gets it: <c>AddResponsesClient</c> + <see cref="IResponsesClientFactory"/>, with
    /// fast retries. <paramref name="primary"/> replaces the socket handler when given.
    /// </summary>
    public static ClientHost ViaServices(Action<ResponsesClientOptions> configure, HttpMessageHandler? primary = null)
    {
        var services = new ServiceCollection();
        services.AddResponsesClient(ConnectionName, options =>
        {
            options.ApiKey = ApiKey;
            options.BaseUrl = new Uri("https://replay.invalid");
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(50);
            configure(options);
        });
        if (primary is not null)
            services.AddHttpClient(ResponsesClientFactory.HttpClientName(ConnectionName)).ConfigurePrimaryHttpMessageHandler(() => primary);
        return new ClientHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }
}

/// <summary>A service provider and the client for <see cref="TestClients.ConnectionName"/>.</summary>
internal sealed class ClientHost(ServiceProvider services) : IDisposable
{
    public IResponsesClientFactory Factory { get; } = services.GetRequiredService<IResponsesClientFactory>();

    public IResponsesClient Client => Factory.CreateClient(TestClients.ConnectionName);

    public void Dispose() => services.Dispose();
}
