using System.Collections.Concurrent;
using Elsa.Responses.Client;
using Elsa.Responses.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Services;

// The model ids each connection offers, cached briefly so that opening the designer does not call the server each time.
// When the server cannot be reached, the fallback list is offered instead, and kept for a minute so that a server that is
// down costs one short wait, not one per descriptor request: the dropdown never breaks and start-up is not held up.
internal sealed class ModelCatalog(IResponsesClientFactory factory, IOptions<ResponsesModuleOptions> options, TimeProvider time, ILogger<ModelCatalog> logger)
{
    private static readonly TimeSpan FailureCacheDuration = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (DateTimeOffset ExpiresAt, IReadOnlyList<string> Models)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<string>> GetModelsAsync(string connectionName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(connectionName, out var cached) && now < cached.ExpiresAt)
            return cached.Models;

        // The designer waits on this list (Elsa also describes activities at start-up): never wait long for it.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Value.ModelListTimeout);
        try
        {
            var models = await factory.CreateClient(connectionName).ListModelsAsync(limit.Token);
            _cache[connectionName] = (now + options.Value.ModelListCacheDuration, models);
            return models;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not list the models of Responses connection '{Connection}': {Message}", connectionName, exception.Message);
            var fallback = options.Value.FallbackModels.ToArray();
            _cache[connectionName] = (now + FailureCacheDuration, fallback);
            return fallback;
        }
    }
}
