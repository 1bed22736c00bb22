using Elsa.Responses.Client.Requests;
using WireMock.Logging;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>Sends one request through the DI client to WireMock and returns what WireMock received.</summary>
internal static class WireMockCapture
{
    public const string CompletedBody = """{"id":"resp_1","status":"completed","output":[]}""";

    public static async Task<ILogEntry> SendAsync(WireMockFixture wireMock, ResponseRequest request, Action<ResponsesClientOptions>? configure = null)
    {
        var prefix = wireMock.NewPrefix();
        // A JSON answer serves streaming requests too: the client accepts a server that ignores "stream": true.
        wireMock.Server.RespondJson(prefix, CompletedBody);
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = wireMock.BaseUrl(prefix);
            configure?.Invoke(o);
        });

        await host.Client.CreateAsync(request);

        return Assert.Single(wireMock.Requests(prefix));
    }

    public static string? Header(ILogEntry entry, string name) =>
        entry.RequestMessage!.Headers!.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
}
