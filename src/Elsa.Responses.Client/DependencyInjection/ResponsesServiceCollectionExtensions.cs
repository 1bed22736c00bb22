using Elsa.Responses.Client;
using Elsa.Responses.Client.Transport;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

// ReSharper disable once CheckNamespace
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Responses connections.</summary>
public static class ResponsesServiceCollectionExtensions
{
    /// <summary>The connection name used when none is given.</summary>
    public const string DefaultConnectionName = "default";

    /// <summary>
    /// Registers a named connection: its options (validated at start-up), a named <see cref="HttpClient"/> with retries
    /// and timeouts, and <see cref="IResponsesClientFactory"/>. Bind configuration with the returned builder, for
    /// example <c>.BindConfiguration("Responses:Connections:digitalocean")</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The connection name.</param>
    /// <param name="configure">Sets the connection's options.</param>
    /// <param name="configureHttpClient">
    /// Configures the connection's named <see cref="HttpClient"/>: a proxy, client certificates or extra handlers. Its
    /// retry and timeout handler is already added; handlers added here run inside it, once per attempt.
    /// </param>
    public static OptionsBuilder<ResponsesClientOptions> AddResponsesClient(
        this IServiceCollection services,
        string name = DefaultConnectionName,
        Action<ResponsesClientOptions>? configure = null,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var registry = AddResponsesClientFactory(services, out _);
        registry.Add(name);

        var httpClient = services
            .AddHttpClient(ResponsesClientFactory.HttpClientName(name), client => client.Timeout = Timeout.InfiniteTimeSpan)
            // IHttpClientFactory's default loggers put every request header, Authorization included, in the Trace log's
            // structured state; RedactLoggedHeaders only masks the formatted message. Keep the key out of the logs.
            .RemoveAllLoggers();
        httpClient.AddResilienceHandler("responses", (builder, context) =>
                RetryPolicy.Configure(
                    builder,
                    context.ServiceProvider.GetRequiredService<IOptionsMonitor<ResponsesClientOptions>>().Get(name),
                    ResponsesClientFactory.Clock(context.ServiceProvider),
                    ResponsesClientFactory.Logger(context.ServiceProvider)));
        // Inside the retries: a response keeps its attempt's concurrency place until it is disposed (MaxConcurrentRequests).
        httpClient.AddHttpMessageHandler(() => new LeaseHandoverHandler());
        configureHttpClient?.Invoke(httpClient);

        var options = services.AddOptions<ResponsesClientOptions>(name).ValidateOnStart();
        if (configure is not null)
            options.Configure(configure);
        return options;
    }

    /// <summary>
    /// Registers <see cref="IResponsesClientFactory"/> with no connection yet: a host that configures none still
    /// resolves the factory, whose <see cref="IResponsesClientFactory.CreateClient"/> then names the missing connection.
    /// </summary>
    public static IServiceCollection AddResponsesClientFactory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddResponsesClientFactory(services, out _);
        return services;
    }

    private static ConnectionRegistry AddResponsesClientFactory(IServiceCollection services, out ConnectionRegistry registry)
    {
        // The factory needs IHttpClientFactory, which a host with no connection (and no other HttpClient) would lack.
        services.AddHttpClient();
        services.TryAddSingleton<IResponsesClientFactory, ResponsesClientFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResponsesClientOptions>, ResponsesClientOptionsValidator>());
        if (services.FirstOrDefault(d => d.ServiceType == typeof(ConnectionRegistry))?.ImplementationInstance is ConnectionRegistry existing)
            return registry = existing;
        registry = new ConnectionRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
