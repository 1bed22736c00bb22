using System.Text.Json.Nodes;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// A WireMock stand-in for the Responses server (DigitalOcean serverless inference) on 127.0.0.1: <c>GET /v1/models</c>
/// lists <see cref="Models"/>; <c>POST /v1/responses</c> answers <see cref="ReplyText"/>, or a 401 that echoes the key
/// (as real servers do) after <see cref="RespondUnauthorized"/>.
/// </summary>
/// <remarks>
/// A request that offers a <c>get_weather</c> function tool (Run Agent with the Get weather tool workflow) plays an agent
/// turn instead: with no <c>function_call_output</c> in its input the model asks for <c>get_weather</c> with
/// <see cref="AgentToolArguments"/>; once the tool's output is there it answers <see cref="AgentReplyText"/>.
/// While <see cref="AskForRefundApproval"/> is in force, a request that offers <c>approve_refund</c> asks for it instead.
/// </remarks>
public sealed class FakeResponsesApi : IDisposable
{
    /// <summary>The model ids the fake lists.</summary>
    public static readonly string[] Models = ["wiremock-model-alpha", "wiremock-model-beta", "wiremock-model-gamma"];

    /// <summary>The text every successful response carries.</summary>
    public const string ReplyText = "Hello from WireMock: the Create Response activity works.";

    /// <summary>The input tokens a <see cref="ReplyText"/> response reports.</summary>
    public const int ReplyInputTokens = 12;

    /// <summary>The output tokens a <see cref="ReplyText"/> response reports.</summary>
    public const int ReplyOutputTokens = 9;

    /// <summary>The arguments of the <c>get_weather</c> call the fake model asks for.</summary>
    public const string AgentToolArguments = """{"city":"Amsterdam"}""";

    /// <summary>The call id of that call.</summary>
    public const string AgentCallId = "call_wiremock_weather";

    /// <summary>The text the fake model answers once <c>get_weather</c> has run.</summary>
    public const string AgentReplyText = "It is sunny and 21 °C in Amsterdam today (from the get_weather tool).";

    /// <summary>The arguments of the <c>approve_refund</c> call the fake model asks for after <see cref="AskForRefundApproval"/>.</summary>
    public const string RefundToolArguments = """{"orderId":"1234","amount":25,"reason":"damaged"}""";

    /// <summary>The call id of that call.</summary>
    public const string RefundCallId = "call_wiremock_refund";

    /// <summary>The text the fake model answers once <c>approve_refund</c> has run.</summary>
    public const string RefundReplyText = "Order 1234: the refund decision is in (from the approve_refund tool).";

    private static readonly Guid ResponsesMapping = Guid.Parse("5b0d2b7e-3f51-4a55-9a53-3c3f3e6a1c01");
    private readonly string _apiKey;

    private FakeResponsesApi(WireMockServer server, string apiKey)
    {
        Server = server;
        _apiKey = apiKey;
    }

    /// <summary>The WireMock server.</summary>
    public WireMockServer Server { get; }

    /// <summary>The base URL a Responses connection is given.</summary>
    public Uri BaseUrl => new(Server.Urls[0]);

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static FakeResponsesApi Start(string apiKey)
    {
        var server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPort.Free()}"], StartAdminInterface = false });
        var fake = new FakeResponsesApi(server, apiKey);
        server.Given(Request.Create().WithPath("/v1/models").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"object":"list","data":[{{string.Join(",", Models.Select(m => $$"""{"id":"{{m}}","object":"model","owned_by":"wiremock"}"""))}}]}"""));
        fake.RespondWithText();
        fake.RespondAsAgent();
        return fake;
    }

    // Above the plain mapping (a lower number wins in WireMock; the default is 0), the answer to a tool output first.
    private void RespondAsAgent()
    {
        Server.Given(Request.Create().WithPath("/v1/responses").UsingPost().WithBody((string? body) => OffersTool(body, "get_weather") && CarriesToolOutput(body)))
            .AtPriority(-2)
            .RespondWith(Json($$$"""
                {"id":"resp_wiremock_agent_2","object":"response","created_at":1760000001,"status":"completed","model":"wiremock-model-alpha",
                 "output":[{"type":"message","id":"msg_wiremock_agent","role":"assistant","status":"completed",
                            "content":[{"type":"output_text","text":"{{{AgentReplyText}}}","annotations":[]}]}],
                 "usage":{"input_tokens":40,"output_tokens":14,"total_tokens":54}}
                """));
        Server.Given(Request.Create().WithPath("/v1/responses").UsingPost().WithBody((string? body) => OffersTool(body, "get_weather") && !CarriesToolOutput(body)))
            .AtPriority(-1)
            .RespondWith(Json($$$"""
                {"id":"resp_wiremock_agent_1","object":"response","created_at":1760000000,"status":"completed","model":"wiremock-model-alpha",
                 "output":[{"type":"function_call","id":"fc_wiremock_weather","call_id":"{{{AgentCallId}}}","name":"get_weather",
                            "arguments":{{{JsonValue.Create(AgentToolArguments).ToJsonString()}}},"status":"completed"}],
                 "usage":{"input_tokens":30,"output_tokens":11,"total_tokens":41}}
                """));
    }

    /// <summary>
    /// Until disposed, a request that offers an <c>approve_refund</c> function tool (the agent sample) plays a refund turn:
    /// with no <c>function_call_output</c> in its input the model asks for <c>approve_refund</c> with
    /// <see cref="RefundToolArguments"/>; once that call's output is there it answers <see cref="RefundReplyText"/>.
    /// </summary>
    /// <remarks>Not on by default: the agent sample offers <c>get_weather</c> too, and the other tests expect that turn.</remarks>
    public IDisposable AskForRefundApproval()
    {
        // Above the get_weather turn (priorities -2 and -1).
        var answer = Guid.NewGuid();
        Server.Given(Request.Create().WithPath("/v1/responses").UsingPost().WithBody((string? body) => OffersTool(body, "approve_refund") && CarriesToolOutput(body, RefundCallId)))
            .WithGuid(answer)
            .AtPriority(-4)
            .RespondWith(Json($$$"""
                {"id":"resp_wiremock_refund_2","object":"response","created_at":1760000011,"status":"completed","model":"wiremock-model-alpha",
                 "output":[{"type":"message","id":"msg_wiremock_refund","role":"assistant","status":"completed",
                            "content":[{"type":"output_text","text":"{{{RefundReplyText}}}","annotations":[]}]}],
                 "usage":{"input_tokens":60,"output_tokens":20,"total_tokens":80}}
                """));
        var call = Guid.NewGuid();
        Server.Given(Request.Create().WithPath("/v1/responses").UsingPost().WithBody((string? body) => OffersTool(body, "approve_refund") && !CarriesToolOutput(body)))
            .WithGuid(call)
            .AtPriority(-3)
            .RespondWith(Json($$$"""
                {"id":"resp_wiremock_refund_1","object":"response","created_at":1760000010,"status":"completed","model":"wiremock-model-alpha",
                 "output":[{"type":"function_call","id":"fc_wiremock_refund","call_id":"{{{RefundCallId}}}","name":"approve_refund",
                            "arguments":{{{JsonValue.Create(RefundToolArguments).ToJsonString()}}},"status":"completed"}],
                 "usage":{"input_tokens":50,"output_tokens":15,"total_tokens":65}}
                """));
        return new Mappings(Server, answer, call);
    }

    private sealed class Mappings(WireMockServer server, params Guid[] ids) : IDisposable
    {
        public void Dispose()
        {
            foreach (var id in ids)
                server.DeleteMapping(id);
        }
    }

    private static IResponseBuilder Json(string body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body);

    private static bool OffersTool(string? body, string name) =>
        Parse(body)?["tools"] is JsonArray tools && tools.Any(t => Text(t, "type") == "function" && Text(t, "name") == name);

    // Any function_call_output, or the one that answers callId.
    private static bool CarriesToolOutput(string? body, string? callId = null) =>
        Parse(body)?["input"] is JsonArray items
        && items.Any(i => Text(i, "type") == "function_call_output" && (callId is null || Text(i, "call_id") == callId));

    private static string? Text(JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? Parse(string? body)
    {
        try
        {
            return string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary><c>POST /v1/responses</c> succeeds with <see cref="ReplyText"/>.</summary>
    public void RespondWithText() =>
        Server.Given(Request.Create().WithPath("/v1/responses").UsingPost()).WithGuid(ResponsesMapping)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$$"""
                {"id":"resp_wiremock_1","object":"response","created_at":1760000000,"status":"completed","model":"wiremock-model-alpha",
                 "output":[{"type":"message","id":"msg_wiremock_1","role":"assistant","status":"completed",
                            "content":[{"type":"output_text","text":"{{{ReplyText}}}","annotations":[]}]}],
                 "usage":{"input_tokens":{{{ReplyInputTokens}}},"output_tokens":{{{ReplyOutputTokens}}},"total_tokens":{{{ReplyInputTokens + ReplyOutputTokens}}}}}
                """));

    /// <summary><c>POST /v1/responses</c> answers 401, echoing the key in the message the way OpenAI-style servers do.</summary>
    public void RespondUnauthorized() =>
        Server.Given(Request.Create().WithPath("/v1/responses").UsingPost()).WithGuid(ResponsesMapping)
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody($$$"""
                {"error":{"message":"Incorrect API key provided: {{{_apiKey}}}. You can find your API key in your account settings.",
                          "type":"invalid_request_error","param":null,"code":"invalid_api_key"}}
                """));

    /// <summary>The <c>POST /v1/responses</c> calls received so far.</summary>
    public IReadOnlyList<ILogEntry> ResponsesCalls =>
        Server.LogEntries.Where(e => e.RequestMessage!.Path == "/v1/responses" && e.RequestMessage!.Method == "POST").ToList();

    /// <inheritdoc />
    public void Dispose() => Server.Stop();
}
