using System.Net.Http.Headers;
using Elsa.Responses.SampleHosting;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// The real sample server (samples/Elsa.Responses.Server), started as a child process (<c>dotnet Elsa.Responses.Server.dll</c>)
/// on 127.0.0.1 and a free port, with its own empty SQLite file, a known API key and its default connection pointed at a fake.
/// Killed by its PID on dispose.
/// </summary>
public sealed class SampleServer : IAsyncDisposable
{
    private readonly SampleServerProcess _server;

    private SampleServer(SampleServerProcess server, string apiKey)
    {
        _server = server;
        BaseUrl = server.BaseUrl;
        ApiKey = apiKey;
        Api = new HttpClient { BaseAddress = new Uri(server.BaseUrl, "elsa/api/"), Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
    }

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The key the API and the Studio page require.</summary>
    public string ApiKey { get; }

    /// <summary>An HTTP client for the workflows API (<c>{BaseUrl}elsa/api/</c>) that sends the key.</summary>
    public HttpClient Api { get; }

    /// <summary>Everything the server printed, for diagnostics.</summary>
    public string Output => string.Join(Environment.NewLine, _server.Output);

    /// <summary>The latest version of a workflow definition as the server stores it (what the Test tab runs), or "" when there is none.</summary>
    public async Task<string> LatestDefinitionJsonAsync(string definitionId)
    {
        using var response = await Api.GetAsync($"workflow-definitions/by-definition-id/{Uri.EscapeDataString(definitionId)}?versionOptions=Latest");
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : string.Empty;
    }

    /// <summary>Waits until the latest stored version of a definition contains every one of <paramref name="texts"/> (autosave has run).</summary>
    public Task WaitUntilSavedAsync(string definitionId, params string[] texts) =>
        Poll.UntilAsync(async () =>
        {
            var saved = await LatestDefinitionJsonAsync(definitionId);
            return texts.All(text => saved.Contains(text, StringComparison.Ordinal));
        }, $"autosave to store {string.Join(" and ", texts.Select(t => $"'{t}'"))} in workflow {definitionId}");

    /// <summary>Imports a workflow definition (JSON) through the API; returns its definition id.</summary>
    public async Task<string> ImportDefinitionAsync(string json)
    {
        using var response = await Api.PostAsync("workflow-definitions/import", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Import answered {(int)response.StatusCode}: {body}");
        return (string)System.Text.Json.Nodes.JsonNode.Parse(body)!["definitionId"]!;
    }

    /// <summary>Runs the published version of a workflow definition through the API and waits for it; returns the instance id.</summary>
    public async Task<string> ExecuteDefinitionAsync(string definitionId)
    {
        using var response = await Api.PostAsync($"workflow-definitions/{Uri.EscapeDataString(definitionId)}/execute",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Execute answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    /// <summary>The server dll: <c>ELSA_RESPONSES_SERVER_DLL</c>, else the build output of the same configuration as the tests.</summary>
    public static string LocateServerDll() => SampleServerProcess.LocateDll(typeof(SampleServer).Assembly);

    /// <summary>Starts the server and waits until it prints its address.</summary>
    public static async Task<SampleServer> StartAsync(string apiKey, IReadOnlyDictionary<string, string> settings, TimeSpan timeout) =>
        new(await SampleServerProcess.StartAsync(LocateServerDll(), apiKey, settings, timeout, "elsa-responses-browser-tests-"), apiKey);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _server.DisposeAsync();
    }
}
