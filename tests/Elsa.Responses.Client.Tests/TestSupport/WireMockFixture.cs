using WireMock.Logging;
using WireMock.Server;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>
/// One WireMock server per test class. Each test works under its own path prefix (used as the connection's base URL),
/// so tests never see each other's mappings or requests.
/// </summary>
public sealed class WireMockFixture : IDisposable
{
    public WireMockServer Server { get; } = WireMockServer.Start();

    /// <summary>A fresh prefix such as <c>/t3f…</c>; the client's endpoint becomes <c>{prefix}/v1/responses</c>.</summary>
    public string NewPrefix() => "/t" + Guid.NewGuid().ToString("N");

    public Uri BaseUrl(string prefix) => new(Server.Url + prefix);

    /// <summary>The requests that reached the server under <paramref name="prefix"/>.</summary>
    public IReadOnlyList<ILogEntry> Requests(string prefix) =>
        Server.LogEntries.Where(e => e.RequestMessage?.Path?.StartsWith(prefix + "/", StringComparison.Ordinal) == true).ToArray();

    public void Dispose() => Server.Stop();
}
