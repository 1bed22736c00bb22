using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>A WireMock server on 127.0.0.1 that plays an OpenAI-style <c>/v1/responses</c> and <c>/v1/models</c> server.</summary>
public sealed class FakeResponsesServer : IDisposable
{
    /// <summary>A distinctive fake key: tests assert that it never shows up in outputs, state, journals or logs.</summary>
    public const string ApiKey = "sk-test-SECRET-123";

    private const string ResponsesPath = "/v1/responses";

    private FakeResponsesServer(WireMockServer server) => Server = server;

    public WireMockServer Server { get; }

    public Uri BaseUrl => new(Server.Url!);

    public static FakeResponsesServer Start() =>
        new(WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"], StartAdminInterface = false }));

    /// <summary>A URL on 127.0.0.1 where nothing listens.</summary>
    public static Uri DeadUrl() => new($"http://127.0.0.1:{FreePort()}");

    /// <summary>Answers <c>POST /v1/responses</c> with a JSON body; <paramref name="whenBodyContains"/> narrows the match and takes precedence.</summary>
    public FakeResponsesServer RespondWithJson(string body, int status = 200, string? whenBodyContains = null)
    {
        Server.Given(ResponsesRequest(whenBodyContains))
            .AtPriority(whenBodyContains is null ? 10 : 1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithHeader("x-request-id", "req_test_1").WithBody(body));
        return this;
    }

    /// <summary>Answers <c>POST /v1/responses</c> with a server-sent event stream.</summary>
    public FakeResponsesServer RespondWithStream(string sse, string? whenBodyContains = null)
    {
        Server.Given(ResponsesRequest(whenBodyContains))
            .AtPriority(whenBodyContains is null ? 10 : 1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/event-stream").WithBody(sse));
        return this;
    }

    /// <summary>
    /// Answers each <c>POST /v1/responses</c> with the next JSON body, in order (a WireMock scenario); the last body
    /// answers every call after it.
    /// </summary>
    public FakeResponsesServer RespondInTurns(params string[] bodies) => RespondInTurns(bodies.Select(b => (b, 200)).ToArray());

    /// <summary>As <see cref="RespondInTurns(string[])"/>, each body with its HTTP status.</summary>
    public FakeResponsesServer RespondInTurns(params (string Body, int Status)[] bodies)
    {
        for (var i = 0; i < bodies.Length; i++)
        {
            var given = Server.Given(ResponsesRequest(null)).InScenario("turns");
            var step = i == 0 ? given : given.WhenStateIs($"turn {i + 1}");
            if (i < bodies.Length - 1)
                step = step.WillSetStateTo($"turn {i + 2}");
            step.RespondWith(Response.Create().WithStatusCode(bodies[i].Status).WithHeader("Content-Type", "application/json").WithBody(bodies[i].Body));
        }

        return this;
    }

    public FakeResponsesServer WithModels(params string[] ids)
    {
        var body = JsonSerializer.Serialize(new { @object = "list", data = ids.Select(id => new { id, @object = "model", owned_by = "test" }) });
        Server.Given(Request.Create().WithPath("/v1/models").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
        return this;
    }

    /// <summary>The JSON bodies of every <c>POST /v1/responses</c> received, in order.</summary>
    public IReadOnlyList<JsonElement> ResponseRequests =>
        Server.LogEntries
            .Select(e => e.RequestMessage)
            .OfType<WireMock.IRequestMessage>()
            .Where(m => m.Path == ResponsesPath && m.Method == "POST")
            .OrderBy(m => m.DateTime)
            .Select(m => JsonDocument.Parse(m.Body!).RootElement.Clone())
            .ToList();

    /// <summary>The Authorization headers of the <c>POST /v1/responses</c> requests, to check that the key was sent (and so is worth hunting for elsewhere).</summary>
    public IReadOnlyList<string> AuthorizationHeaders =>
        Server.LogEntries
            .Select(e => e.RequestMessage)
            .OfType<WireMock.IRequestMessage>()
            .Where(m => m.Path == ResponsesPath)
            .Select(m => m.Headers is { } headers && headers.TryGetValue("Authorization", out var values) ? values.ToString() : null)
            .OfType<string>()
            .ToList();

    public void Dispose() => Server.Stop();

    private static IRequestBuilder ResponsesRequest(string? whenBodyContains)
    {
        var request = Request.Create().WithPath(ResponsesPath).UsingPost();
        return whenBodyContains is null ? request : request.WithBody(new WildcardMatcher($"*{whenBodyContains}*"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
