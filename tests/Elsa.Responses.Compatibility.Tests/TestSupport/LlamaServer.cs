using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Elsa.Responses.Compatibility.Tests.TestSupport;

/// <summary>
/// One llama-server process, started with the folder's <c>serve.sh</c> on a free loopback port (it prints the PID once
/// <c>/health</c> answers) and stopped by that PID.
/// </summary>
public sealed class LlamaServer : IDisposable
{
    private LlamaServer(int port, int pid, string log)
    {
        Port = port;
        Pid = pid;
        LogPath = log;
    }

    public int Port { get; }

    public int Pid { get; }

    /// <summary>The server's log (llama-server writes every request and warning there).</summary>
    public string LogPath { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts a server; a port taken between choosing and binding it gets one more try on another port.</summary>
    public static async Task<LlamaServer> StartAsync(params string[] arguments)
    {
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            var log = Path.Combine(Path.GetTempPath(), $"elsa-responses-llama-server-{port}.log");
            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(LlamaServerLocation.PathOf("serve.sh"));
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            start.Environment["LLAMA_SERVER_LOG"] = log;

            using var script = Process.Start(start)!;
            var stdout = script.StandardOutput.ReadToEndAsync();
            var stderr = script.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await script.WaitForExitAsync(timeout.Token);
            if (script.ExitCode == 0 && int.TryParse((await stdout).Trim(), out var pid))
                return new LlamaServer(port, pid, log);
            failures.Add($"port {port}: exit {script.ExitCode}: {(await stderr).Trim()} {Tail(log)}");
        }

        throw new InvalidOperationException("llama-server did not start: " + string.Join(" | ", failures));
    }

    public void Dispose()
    {
        try
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill();
            process.WaitForExit(10_000);
            File.Delete(LogPath);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Exited between the lookup and the kill.
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Tail(string log)
    {
        if (!File.Exists(log))
            return "";
        var lines = File.ReadAllLines(log);
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 10)));
    }
}
