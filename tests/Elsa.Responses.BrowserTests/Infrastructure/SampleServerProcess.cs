using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Elsa.Responses.SampleHosting;

/// <summary>
/// The sample server (samples/Elsa.Responses.Server) as a child process: <c>dotnet Elsa.Responses.Server.dll</c> on
/// 127.0.0.1 and a free port, with its own empty SQLite file in a temporary folder and a known key, nothing inherited from
/// the developer's environment (no model key, URLs, environment name or OpenTelemetry exporter settings), killed by its
/// PID. The browser tests and the load tool (benchmarks/Elsa.Responses.Load, which links this file) both start it here.
/// </summary>
internal sealed partial class SampleServerProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output;
    private readonly DirectoryInfo _dataFolder;

    private SampleServerProcess(Process process, ConcurrentQueue<string> output, DirectoryInfo dataFolder, Uri baseUrl)
    {
        Process = process;
        _output = output;
        _dataFolder = dataFolder;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The server process.</summary>
    public Process Process { get; }

    /// <summary>What the server printed (the last <c>outputLimit</c> lines).</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>The server dll: <paramref name="configured"/>, else <c>ELSA_RESPONSES_SERVER_DLL</c>, else the build output the calling project records as its <c>ServerDll</c> metadata.</summary>
    public static string LocateDll(Assembly caller, string? configured = null)
    {
        configured ??= Environment.GetEnvironmentVariable("ELSA_RESPONSES_SERVER_DLL");
        var path = !string.IsNullOrWhiteSpace(configured)
            ? configured
            : caller.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ServerDll").Value!;
        if (!File.Exists(path))
            throw new FileNotFoundException($"The sample server is not built: {path}. Build the project that starts it (it builds the server) or set ELSA_RESPONSES_SERVER_DLL.", path);
        return path;
    }

    /// <summary>Starts the server with <paramref name="settings"/> (configuration keys, <c>:</c> or <c>__</c>) and waits until it prints its address.</summary>
    public static async Task<SampleServerProcess> StartAsync(string dll, string apiKey, IReadOnlyDictionary<string, string> settings, TimeSpan timeout,
        string folderPrefix, int outputLimit = int.MaxValue)
    {
        var dataFolder = Directory.CreateTempSubdirectory(folderPrefix);
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
            while (output.Count > outputLimit && output.TryDequeue(out _)) { }
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
            return new SampleServerProcess(process, output, dataFolder, url);
        }
        catch (Exception exception)
        {
            Kill(process);
            throw new InvalidOperationException($"The sample server did not start ({exception.Message}). Its output:{Environment.NewLine}{string.Join(Environment.NewLine, output)}", exception);
        }
    }

    /// <summary>Kills the server by its PID and deletes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill(Process);
        await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(_ => { });
        Process.Dispose();
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
