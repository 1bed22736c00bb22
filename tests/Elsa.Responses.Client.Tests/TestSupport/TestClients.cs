using Elsa.Responses.Client.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>Builds clients: directly over a handler (fast, for replaying thousands of streams) or through DI (the real pipeline with retries and timeouts, on a fake clock).</summary>
internal static class TestClients
{
    public const string ApiKey = "sk-test-Zq8v3Lr2Kx9";
    public const string ConnectionName = "test";

    /// <summary>The client over <paramref name="handler"/>, without the resilience handler; its deadline runs on <paramref name="time"/> (the system clock by default).</summary>
    public static IResponsesClient Direct(HttpMessageHandler handler, Action<ResponsesClientOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new ResponsesClientOptions { BaseUrl = new Uri("http://replay.invalid"), ApiKey = ApiKey };
        configure?.Invoke(options);
        return new ResponsesClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, options, time ?? TimeProvider.System);
    }

    /// <summary>
    /// The client as an application gets it: <c>AddResponsesClient</c> + <see cref="IResponsesClientFactory"/>, on the
    /// host's <see cref="ClientHost.Clock"/>, which only the test moves. Retries wait no time unless the test sets
    /// <see cref="ResponsesClientOptions.RetryBaseDelay"/> and <see cref="ResponsesClientOptions.MaxRetryDelay"/> (a
    /// server's Retry-After is capped at the latter). <paramref name="primary"/> replaces the socket handler when given.
    /// </summary>
    public static ClientHost ViaServices(Action<ResponsesClientOptions> configure, HttpMessageHandler? primary = null, Action<IServiceCollection>? addServices = null)
    {
        var clock = new TestClock();
        var services = new ServiceCollection();
        addServices?.Invoke(services);
        services.AddSingleton<TimeProvider>(clock);
        services.AddResponsesClient(ConnectionName, options =>
        {
            options.ApiKey = ApiKey;
            options.BaseUrl = new Uri("https://replay.invalid");
            options.RetryBaseDelay = TimeSpan.Zero;
            options.MaxRetryDelay = TimeSpan.Zero;
            configure(options);
        });
        if (primary is not null)
            services.AddHttpClient(ResponsesClientFactory.HttpClientName(ConnectionName)).ConfigurePrimaryHttpMessageHandler(() => primary);
        return new ClientHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), clock);
    }
}

/// <summary>A service provider, the client for <see cref="TestClients.ConnectionName"/>, and the clock it runs on.</summary>
internal sealed class ClientHost(ServiceProvider services, TestClock clock) : IDisposable
{
    public IResponsesClientFactory Factory { get; } = services.GetRequiredService<IResponsesClientFactory>();

    /// <summary>The client's clock: deadlines, retry delays and per-attempt timeouts fire only when the test advances it.</summary>
    public TestClock Clock { get; } = clock;

    public IResponsesClient Client => Factory.CreateClient(TestClients.ConnectionName);

    public void Dispose()
    {
        // Disposing the resilience pipeline waits, on this clock, for calls still in flight: a test that failed
        // part-way leaves one. Let every read of the clock move it on, so that such a wait ends and the test reports.
        Clock.AutoAdvanceAmount = TimeSpan.FromHours(1);
        services.Dispose();
    }
}
