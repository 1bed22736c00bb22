using System.Net.Http.Headers;
using Elsa.Responses.SampleHosting;

namespace Elsa.Responses.Load;

/// <summary>
/// The sample server as the load tool runs it (started by the shared <see cref="SampleServerProcess"/>): no sample
/// workflows, the memory diagnostics endpoint on, and the default connection (<c>digitalocean</c>) pointed at the
/// loopback model by the caller's settings.
/// </summary>
public sealed class LoadServer : IAsyncDisposable
{
    private readonly SampleServerProcess _server;

    private LoadServer(SampleServerProcess server, string apiKey)
    {
        _server = server;
        // Generous: at K = 1,000 a list query can wait behind the workflows' own writes to the SQLite file.
        Http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
    }

    /// <summary>The server's root URL.</summary>
    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>A client that sends the server's key.</summary>
    public HttpClient Http { get; }

    /// <summary>The server's process id.</summary>
    public int ProcessId => _server.Process.Id;

    /// <summary>Whether the server has exited.</summary>
    public bool HasExited => _server.Process.HasExited;

    /// <summary>The last lines the server printed, for a diagnosis.</summary>
    public string Tail(int lines = 40) => string.Join(Environment.NewLine, _server.Output.TakeLast(lines));

    /// <summary>Peak and current resident set of the server process (<c>VmHWM</c>, <c>VmRSS</c> in /proc), in bytes; null where /proc is absent.</summary>
    public (long PeakBytes, long CurrentBytes)? ResidentSet()
    {
        var path = $"/proc/{ProcessId}/status";
        if (!File.Exists(path))
            return null;
        long peak = 0, current = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) * 1024;
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) current = Kilobytes(line) * 1024;
        }
        return (peak, current);

        static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    /// <summary>Starts the server (<c>--server-dll</c>, else <c>ELSA_RESPONSES_SERVER_DLL</c>, else this configuration's build) and waits until it prints its address.</summary>
    public static async Task<LoadServer> StartAsync(string? serverDll, string apiKey, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var all = new Dictionary<string, string>(settings)
        {
            ["Samples:Import"] = "false",
            ["Diagnostics:Enabled"] = "true",
            ["Logging:LogLevel:Elsa.Responses"] = "Warning",
        };
        var dll = SampleServerProcess.LocateDll(typeof(LoadServer).Assembly, serverDll);
        return new LoadServer(await SampleServerProcess.StartAsync(dll, apiKey, all, timeout, "elsa-responses-load-", outputLimit: 2000), apiKey);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
    }
}
