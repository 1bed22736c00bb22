using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Elsa.Responses.Cli.Tests.TestSupport;

/// <summary>A WireMock server on 127.0.0.1 that plays a Responses server, and records what the CLI sent.</summary>
public sealed class FakeServer : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public string BaseUrl => $"http://127.0.0.1:{_server.Port}";

    public IReadOnlyList<ILogEntry> Requests => _server.LogEntries.ToList();

    /// <summary>The body of the only request received.</summary>
    public JsonElement SingleRequestBody()
    {
        var request = Assert.Single(Requests);
        using var document = JsonDocument.Parse(request.RequestMessage!.Body!);
        return document.RootElement.Clone();
    }

    public FakeServer RespondJson(string fixture, int status = 200) => Respond(status, "application/json", Fixtures.Read(fixture));

    public FakeServer RespondSse(string fixture) => Respond(200, "text/event-stream", Fixtures.Read(fixture));

    public FakeServer Respond(int status, string contentType, string body, string path = "/v1/responses")
    {
        _server.Given(Request.Create().WithPath(path))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
        return this;
    }

    /// <summary>A transient failure first, then the fixture: for the retry pipeline.</summary>
    public FakeServer RespondAfterOneFailure(int failureStatus, string fixture)
    {
        _server.Given(Request.Create().WithPath("/v1/responses")).InScenario("retry").WillSetStateTo("failed once")
            .RespondWith(Response.Create().WithStatusCode(failureStatus).WithHeader("Retry-After", "0")
                .WithHeader("Content-Type", "application/json").WithBody("""{"error":{"message":"busy","type":"server_error"}}"""));
        _server.Given(Request.Create().WithPath("/v1/responses")).InScenario("retry").WhenStateIs("failed once")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Fixtures.Read(fixture)));
        return this;
    }

    /// <summary>Each body in turn, one per request, with the given content type; the last one for every request after.</summary>
    public FakeServer RespondInTurn(string contentType, params string[] bodies)
    {
        for (var i = 0; i < bodies.Length; i++)
        {
            var mapping = _server.Given(Request.Create().WithPath("/v1/responses")).InScenario("in turn");
            if (i > 0)
                mapping = mapping.WhenStateIs($"answered {i}");
            if (i < bodies.Length - 1)
                mapping = mapping.WillSetStateTo($"answered {i + 1}");
            mapping.RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", contentType).WithBody(bodies[i]));
        }

        return this;
    }

    /// <summary>The body of each request received, in order.</summary>
    public IReadOnlyList<JsonElement> RequestBodies() =>
        Requests.OrderBy(r => r.RequestMessage!.DateTime).Select(r => JsonDocument.Parse(r.RequestMessage!.Body!).RootElement.Clone()).ToList();

    /// <summary>A loopback URL that nothing listens on: connections to it are refused.</summary>
    public static string ClosedBaseUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public void Dispose() => _server.Stop();
}
