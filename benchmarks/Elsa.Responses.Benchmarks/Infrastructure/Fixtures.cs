namespace Elsa.Responses.Benchmarks.Infrastructure;

/// <summary>
/// Finds the recorded wire fixtures: up from the running assembly (or the working directory) to the folder that holds
/// Elsa.Responses.sln(x), then <c>../shared/fixtures/responses</c>. <c>ELSA_RESPONSES_FIXTURES</c> overrides the search.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    public static string? RootDirectory => Root.Value;

    /// <summary>The fixture's bytes, or the synthetic fallback when the fixture is absent (and a note saying so).</summary>
    public static BenchmarkPayload Load(string relativePath, Func<byte[]> synthetic)
    {
        if (Root.Value is { } root)
        {
            var path = Path.Combine(root, relativePath);
            if (File.Exists(path))
                return new BenchmarkPayload(File.ReadAllBytes(path), $"fixture {relativePath}");
        }

        var bytes = synthetic();
        var note = $"SYNTHETIC fallback: fixture {relativePath} not found (searched {Root.Value ?? "no fixtures folder"})";
        Console.WriteLine("// " + note);
        return new BenchmarkPayload(bytes, note);
    }

    private static string? FindRoot()
    {
        if (Environment.GetEnvironmentVariable("ELSA_RESPONSES_FIXTURES") is { Length: > 0 } overridden)
            return Directory.Exists(overridden) ? Path.GetFullPath(overridden) : null;

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Elsa.Responses.sln")) && !File.Exists(Path.Combine(dir.FullName, "Elsa.Responses.slnx")))
                    continue;
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "responses"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}

/// <summary>The bytes a replay handler serves, and where they came from.</summary>
internal sealed record BenchmarkPayload(byte[] Bytes, string Source);
