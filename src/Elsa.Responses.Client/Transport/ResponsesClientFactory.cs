using System.Collections.Concurrent;
using Elsa.Responses.Client.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Client.Transport;

internal sealed class ResponsesClientFactory(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<ResponsesClientOptions> options,
    ConnectionRegistry registry,
    IServiceProvider services) : IResponsesClientFactory
{
    private readonly ConcurrentDictionary<string, SecretRedactor> _redactors = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> ConnectionNames => registry.Names;

    public IResponsesClient CreateClient(string connectionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        // Names match ignoring case, but named options and HttpClients are keyed by the exact name: use the spelling
        // it was registered with, or "DigitalOcean" asked for as "digitalocean" would get default options.
        if (!registry.TryGetRegisteredName(connectionName, out var name))
            throw new ArgumentException(
                $"No Responses connection is named '{connectionName}'. Configured: {string.Join(", ", registry.Names.DefaultIfEmpty("(none)"))}.",
                nameof(connectionName));
        var connection = options.Get(name);
        if (connection.BaseUrl is null)
            throw new ArgumentException($"The Responses connection '{name}' has no BaseUrl.", nameof(connectionName));
        // A client is made per call (an activity asks for one each run); its key's redactor is made once.
        var redactor = _redactors.GetOrAdd(connection.ApiKey ?? string.Empty, key => new SecretRedactor(key));
        return new ResponsesClient(httpClientFactory.CreateClient(HttpClientName(name)), connection, Clock(services), redactor, name, Logger(services));
    }

    internal static string HttpClientName(string connectionName) => "Elsa.Responses:" + connectionName;

    // The client's logger, when the host has logging: category Elsa.Responses.Client.
    internal static ILogger? Logger(IServiceProvider services) =>
        (services.GetService(typeof(ILoggerFactory)) as ILoggerFactory)?.CreateLogger(LoggerCategory);

    internal const string LoggerCategory = "Elsa.Responses.Client";

    // The clock for deadlines and retry delays: a registered TimeProvider (a FakeTimeProvider in tests), else the system's.
    internal static TimeProvider Clock(IServiceProvider services) => services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
}

// The connection names registered so far, so a misspelt name fails with a clear message rather than default options.
internal sealed class ConnectionRegistry
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => _names.Order(StringComparer.Ordinal).ToArray();

    public bool TryGetRegisteredName(string name, out string registered) => _names.TryGetValue(name, out registered!);

    public void Add(string name) => _names.Add(name);
}
