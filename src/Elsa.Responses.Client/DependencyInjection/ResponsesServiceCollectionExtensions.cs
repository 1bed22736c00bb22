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
    public static OptionsBuilder<ResponsesClientOptions> AddResponsesClient(
        this IServiceCollection services,
        string name = DefaultConnectionName,
        Action<ResponsesClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var registry = GetOrAddRegistry(services);
        registry.Add(name);
        services.TryAddSingleton<IResponsesClientFactory, ResponsesClientFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResponsesClientOptions>, ResponsesClientOptionsValidator>());

        services
            .AddHttpClient(ResponsesClientFactory.HttpClientName(name), client => client.Timeout = Timeout.InfiniteTimeSpan)
            // IHttpClientFactory's default loggers put every request header, Authorization included, in the Trace log's
            // structured state; RedactLoggedHeaders only masks the formatted message. Keep the key out of the logs.
            .RemoveAllLoggers()
            .AddResilienceHandler("responses", (builder, context) =>
                RetryPolicy.Configure(builder, context.ServiceProvider.GetRequiredService<IOptionsMonitor<ResponsesClientOptions>>().Get(name)));

        var options = services.AddOptions<ResponsesClientOptions>(name).ValidateOnStart();
        if (configure is not null)
            options.Configure(configure);
        return options;
    }

    private static ConnectionRegistry GetOrAddRegistry(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(ConnectionRegistry))?.ImplementationInstance is ConnectionRegistry existing)
            return existing;
        var registry = new ConnectionRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
