using System.Diagnostics;
using System.Reflection;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// The real llama.cpp server of <c>../shared/llama-server</c> (next to the repository; see its README.md), started with
/// its <c>serve.sh PORT</c> on a free loopback port. Its model is named <c>tiny</c> and always answers <c>Hi!</c>.
/// Stopped by its PID on dispose.
/// </summary>
public sealed class LlamaServer : IAsyncDisposable
{
    /// <summary>Overrides where the llama-server folder is looked for.</summary>
    public const string FolderVariable = "ELSA_RESPONSES_LLAMA_SERVER";

    private readonly int _pid;

    private LlamaServer(int pid, int port, string logPath)
    {
        _pid = pid;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        LogPath = logPath;
    }

    /// <summary>The folder holding <c>serve.sh</c>, or null when it is absent.</summary>
    public static string? Folder { get; } = Find();

    /// <summary>Why the tests that need the server are skipped, or null when it is there.</summary>
    public static string? SkipReason => Folder is null
        ? $"The real llama.cpp server (../shared/llama-server next to the repository, with serve.sh) is not present; set {FolderVariable} to its folder to run this test."
        : null;

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234/</c>; it serves <c>/v1/responses</c> and <c>/v1/models</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Where the server writes its log.</summary>
    public string LogPath { get; }

    /// <summary>The end of the server's log, for diagnostics.</summary>
    public string Output
    {
        get
        {
            try { return string.Join(Environment.NewLine, File.ReadLines(LogPath).TakeLast(100)); }
            catch (IOException exception) { return $"(no log at {LogPath}: {exception.Message})"; }
        }
    }

    /// <summary>Starts the server on a free loopback port; <c>serve.sh</c> returns once <c>/health</c> answers.</summary>
    public static async Task<LlamaServer> StartAsync(TimeSpan timeout)
    {
        var folder = Folder ?? throw new InvalidOperationException(SkipReason);
        var failures = new List<string>();
        // A port found free can be taken before the server binds it: try another one.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var port = LoopbackPort.Free();
            var log = Path.Combine(Path.GetTempPath(), $"elsa-responses-browser-tests-llama-{port}-{Guid.NewGuid():N}.log");
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(folder, "serve.sh"));
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.Environment["LLAMA_SERVER_LOG"] = log;
            using var serve = Process.Start(start) ?? throw new InvalidOperationException("Could not start `bash`.");
            var stdout = serve.StandardOutput.ReadToEndAsync();
            var stderr = serve.StandardError.ReadToEndAsync();
            try
            {
                await serve.WaitForExitAsync().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                serve.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"serve.sh {port} did not return within {timeout.TotalSeconds:0} s; see {log}.");
            }

            if (serve.ExitCode == 0 && int.TryParse((await stdout).Trim(), out var pid))
                return new LlamaServer(pid, port, log);
            failures.Add($"port {port}: exit {serve.ExitCode}: {(await stderr).Trim()} (log: {log})");
        }

        throw new InvalidOperationException($"llama-server did not start:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var process = Process.GetProcessById(_pid);
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (ArgumentException)
        {
            // It has exited already.
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
        catch (TimeoutException)
        {
            // Killed; the system reaps it.
        }

        try { File.Delete(LogPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? Find()
    {
        var overridden = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
            return File.Exists(Path.Combine(overridden, "serve.sh")) ? Path.GetFullPath(overridden) : null;

        var root = typeof(LlamaServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        foreach (var repository in new[] { root, MainCheckoutOf(root) }.OfType<string>())
        {
            var folder = Path.GetFullPath(Path.Combine(repository, "..", "shared", "llama-server"));
            if (File.Exists(Path.Combine(folder, "serve.sh")))
                return folder;
        }

        return null;
    }

    // In a git worktree, .git is a file ("gitdir: /path/main/.git/worktrees/name"): the folder next to the main checkout
    // is the shared one.
    private static string? MainCheckoutOf(string root)
    {
        var dotGit = Path.Combine(root, ".git");
        if (!File.Exists(dotGit))
            return null;
        var line = File.ReadLines(dotGit).FirstOrDefault(l => l.StartsWith("gitdir:", StringComparison.Ordinal));
        var gitDir = line?["gitdir:".Length..].Trim();
        var marker = $"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}worktrees{Path.DirectorySeparatorChar}";
        var at = gitDir?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        return at > 0 ? gitDir![..at] : null;
    }
}
