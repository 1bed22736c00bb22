namespace Elsa.Responses.Client;

/// <summary>Creates clients for the connections registered with <c>AddResponsesClient</c>.</summary>
public interface IResponsesClientFactory
{
    /// <summary>The names of the registered connections.</summary>
    IReadOnlyCollection<string> ConnectionNames { get; }

    /// <summary>A client for the named connection.</summary>
    /// <exception cref="ArgumentException">No connection has that name.</exception>
    IResponsesClient CreateClient(string connectionName);
}
