using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>Shorthands for the mappings the tests use.</summary>
internal static class WireMockResponses
{
    public static void RespondSse(this WireMockServer server, string prefix, byte[] body) =>
        server.Given(Request.Create().WithPath(prefix + "/v1/responses").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/event-stream").WithBody(body));

    public static void RespondJson(this WireMockServer server, string prefix, string body, int status = 200) =>
        server.Given(Request.Create().WithPath(prefix + "/v1/responses").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
}
