using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Elsa.Responses.Load;

/// <summary>
/// The sample server (samples/Elsa.Responses.Server) as a child process: <c>dotnet Elsa.Responses.Server.dll</c> on
/// 127.0.0.1 and a free port, a new SQLite file in a temporary folder, a known key, the memory diagnostics endpoint on,
/// no sample workflows, and the default connection (<c>digitalocean</c>) pointed at the loopback model. Killed by its PID.
/// </summary>
public sealed partial class SampleServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly DirectoryInfo _dataFolder;

    private SampleServerProcess(Process process, ConcurrentQueue<string> output, DirectoryInfo dataFolder, Uri baseUrl, string apiKey)
    {
        _process = process;
        _output = output;
        _dataFolder = dataFolder;
        BaseUrl = baseUrl;
        // Generous: at K = 1,000 a list query can wait behind the workflows' own writes to the SQLite file.
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
    }

    /// <summary>The server's root URL.</summary>
    public Uri BaseUrl { get; }

    /// <summary>A client that sends the server's key.</summary>
    public HttpClient Http { get; }

    /// <summary>The server's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the server has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the server printed, for a diagnosis.</summary>
    public string Tail(int lines = 40) => string.Join(Environment.NewLine, _output.TakeLast(lines));

    /// <summary>Peak and current resident set of the server process (<c>VmHWM</c>, <c>VmRSS</c> in /proc), in bytes; null where /proc is absent.</summary>
    public (long PeakBytes, long CurrentBytes)? ResidentSet()
    {
        var path = $"/proc/{_process.Id}/status";
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

    /// <summary>The server dll: <c>--server-dll</c>, else <c>ELSA_RESPONSES_SERVER_DLL</c>, else the build output of the same configuration.</summary>
    public static string LocateDll(string? configured)
    {
        configured ??= Environment.GetEnvironmentVariable("ELSA_RESPONSES_SERVER_DLL");
        var path = !string.IsNullOrWhiteSpace(configured)
            ? configured
            : typeof(SampleServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ServerDll").Value!;
        if (!File.Exists(path))
            throw new FileNotFoundException($"The sample server is not built: {path}. Build this project (it builds the server) or pass --server-dll.", path);
        return path;
    }

    /// <summary>Starts the server and waits until it prints its address.</summary>
    public static async Task<SampleServerProcess> StartAsync(string dll, string apiKey, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var dataFolder = Directory.CreateTempSubdirectory("elsa-responses-load-");
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
        foreach (var name in new[] { "DIGITALOCEAN_MODEL_ACCESS_KEY", "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
            start.Environment.Remove(name);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Server__ApiKey"] = apiKey;
        start.Environment["ConnectionStrings__Elsa"] = $"Data Source={Path.Combine(dataFolder.FullName, "elsa.db")};Cache=Shared;";
        start.Environment["Samples__Import"] = "false";
        start.Environment["Diagnostics__Enabled"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Elsa.Responses"] = "Warning";
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
            while (output.Count > 2000 && output.TryDequeue(out _)) { }
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
            return new SampleServerProcess(process, output, dataFolder, url, apiKey);
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
        Http.Dispose();
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
