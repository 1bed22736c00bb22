using System.Diagnostics;

namespace Elsa.Responses.Cli.Tests.TestSupport;

/// <summary>
/// Runs the real elsa-responses.dll as a child process, from the CLI project's own output folder (the build writes its path
/// to elsa-responses.path), with the test key and no retries unless a test asks for them, so failures stay fast.
/// </summary>
public static class CliProcess
{
    public const string ApiKey = "sk-test-4f9c2e7b1a";
    private static readonly string DllPath = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "elsa-responses.path")).Trim();

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        Assert.True(File.Exists(DllPath), $"{DllPath} was not built");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        start.Environment["ELSA_RESPONSES_API_KEY"] = ApiKey;
        start.Environment["ELSA_RESPONSES_MAX_RETRIES"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"elsa-responses {string.Join(' ', args)} did not finish within 60 s");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    // The dotnet CLI tells child processes where its host is; fall back to PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
