using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// The real sample server (samples/Elsa.Responses.Server), started as a child process (<c>dotnet Elsa.Responses.Server.dll</c>)
/// on 127.0.0.1 and a free port, with its own empty SQLite file, a known API key and its default connection pointed at a fake.
/// Killed by its PID on dispose.
/// </summary>
public sealed partial class SampleServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly DirectoryInfo _dataFolder;

    private SampleServer(Process process, ConcurrentQueue<string> output, DirectoryInfo dataFolder, Uri baseUrl, string apiKey)
    {
        _process = process;
        _output = output;
        _dataFolder = dataFolder;
        BaseUrl = baseUrl;
        ApiKey = apiKey;
        Api = new HttpClient { BaseAddress = new Uri(baseUrl, "elsa/api/"), Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
    }

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The key the API and the Studio page require.</summary>
    public string ApiKey { get; }

    /// <summary>An HTTP client for the workflows API (<c>{BaseUrl}elsa/api/</c>) that sends the key.</summary>
    public HttpClient Api { get; }

    /// <summary>Everything the server printed, for diagnostics.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

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
    public static string LocateServerDll()
    {
        var configured = Environment.GetEnvironmentVariable("ELSA_RESPONSES_SERVER_DLL");
        var path = !string.IsNullOrWhiteSpace(configured)
            ? configured
            : typeof(SampleServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ServerDll").Value!;
        if (!File.Exists(path))
            throw new FileNotFoundException($"The sample server is not built: {path}. Build tests/Elsa.Responses.BrowserTests (it builds the server) or set ELSA_RESPONSES_SERVER_DLL.", path);
        return path;
    }

    /// <summary>Starts the server and waits until it prints its address.</summary>
    public static async Task<SampleServer> StartAsync(string apiKey, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var dll = LocateServerDll();
        var dataFolder = Directory.CreateTempSubdirectory("elsa-responses-browser-tests-");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");

        // Nothing from the developer's environment may leak in: no real model key, no other URLs or settings.
        // Telemetry goes to the console (the server's default), never to a collector the developer has configured.
        foreach (var name in new[] { "DIGITALOCEAN_MODEL_ACCESS_KEY", "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
            start.Environment.Remove(name);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Server__ApiKey"] = apiKey;
        start.Environment["ConnectionStrings__Elsa"] = $"Data Source={Path.Combine(dataFolder.FullName, "elsa.db")};Cache=Shared;";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value;

        var output = new ConcurrentQueue<string>();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The sample server exited during start-up."));

        void OnLine(string? line)
        {
            if (line is null) return;
            output.Enqueue(line);
            if (StudioLine().Match(line) is { Success: true } match)
                ready.TrySetResult(new Uri(match.Groups["url"].Value));
        }

        if (!process.Start())
            throw new InvalidOperationException("Could not start `dotnet`.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var url = await ready.Task.WaitAsync(timeout);
            return new SampleServer(process, output, dataFolder, url, apiKey);
        }
        catch (Exception exception)
        {
            Kill(process);
            throw new InvalidOperationException($"The sample server did not start ({exception.Message}). Its output:{Environment.NewLine}{string.Join(Environment.NewLine, output)}", exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Kill(_process);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(_ => { });
        _process.Dispose();
        try { _dataFolder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }

    // The banner line the server prints once it listens: "  Elsa Studio: http://127.0.0.1:41234/".
    [GeneratedRegex(@"Elsa Studio: (?<url>http://127\.0\.0\.1:\d+/)\s*$")]
    private static partial Regex StudioLine();
}
