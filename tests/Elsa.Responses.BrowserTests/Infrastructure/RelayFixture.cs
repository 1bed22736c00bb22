using System.ClientModel;
using System.Net.Http.Headers;
using OpenAI.Responses;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// The sample server with its default connection pointed at a <see cref="GatedModelServer"/>, for the OpenAI-compatible
/// endpoint of <c>samples/workflows/responses-endpoint.json</c> (no browser).
/// </summary>
public sealed class RelayFixture : IAsyncLifetime
{
    /// <summary>The sample server's key, which the endpoint takes as <c>Authorization: Bearer</c>.</summary>
    public const string ServerApiKey = "relay-server-key-4c8e1f";

    /// <summary>The connection's key: distinctive, so that a leak to the caller is found by a text search.</summary>
    public const string ConnectionApiKey = "sk-relay-CONNECTION-KEY-7d2b9a";

    public GatedModelServer Model { get; private set; } = null!;

    public SampleServer Server { get; private set; } = null!;

    /// <summary>The endpoint's base URL as an OpenAI SDK takes it: <c>…/workflows/v1</c>.</summary>
    public Uri EndpointBase => new(Server.BaseUrl, "workflows/v1");

    public async Task InitializeAsync()
    {
        Model = await GatedModelServer.StartAsync(ConnectionApiKey);
        Server = await SampleServer.StartAsync(ServerApiKey, new Dictionary<string, string>
        {
            ["Responses:Connections:digitalocean:BaseUrl"] = Model.BaseUrl.ToString(),
            ["Responses:Connections:digitalocean:ApiKey"] = ConnectionApiKey,
            ["Responses:Connections:digitalocean:DefaultModel"] = GatedModelServer.TypedModel,
        }, TimeSpan.FromMinutes(3));
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
            await Server.DisposeAsync();
        if (Model is not null)
            await Model.DisposeAsync();
    }

    /// <summary>The OpenAI .NET SDK, pointed at the endpoint with the server key.</summary>
    public ResponsesClient Sdk() => new(new ApiKeyCredential(ServerApiKey), new ResponsesClientOptions { Endpoint = EndpointBase, NetworkTimeout = TimeSpan.FromSeconds(60) });

    /// <summary>A plain HTTP client for the server, sending <c>Authorization: Bearer</c> with the server key.</summary>
    public HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = Server.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerApiKey);
        return http;
    }
}

/// <summary>The relay tests: one sample server, one test at a time (the model server's gate is shared).</summary>
[CollectionDefinition(Name)]
public sealed class RelayCollection : ICollectionFixture<RelayFixture>
{
    public const string Name = "Sample server as an OpenAI-compatible endpoint";
}
