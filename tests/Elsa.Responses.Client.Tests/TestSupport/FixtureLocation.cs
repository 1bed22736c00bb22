namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>
/// Finds the shared wire fixtures: walk up from the test binaries to the folder holding the solution, then
/// <c>../shared/fixtures/responses</c>. <c>ELSA_RESPONSES_FIXTURES</c> overrides the location (point it at a missing
/// folder to see the fixture tests skip).
/// </summary>
internal static class FixtureLocation
{
    private static readonly string[] SolutionFiles = ["Elsa.Responses.sln", "Elsa.Responses.slnx"];

    /// <summary>The fixtures folder, or null when it is absent.</summary>
    public static string? Root { get; } = Find();

    /// <summary>The skip reason when <see cref="Root"/> is null; otherwise null.</summary>
    public static string? SkipReason => Root is null
        ? "The shared wire fixtures (../shared/fixtures/responses next to the folder holding Elsa.Responses.sln) are not present."
        : null;

    public static string PathOf(string relativePath) =>
        Path.Combine(Root ?? throw new InvalidOperationException(SkipReason), relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string? Find()
    {
        var overridden = Environment.GetEnvironmentVariable("ELSA_RESPONSES_FIXTURES");
        if (!string.IsNullOrEmpty(overridden))
            return Directory.Exists(overridden) ? Path.GetFullPath(overridden) : null;

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!SolutionFiles.Any(name => File.Exists(Path.Combine(directory.FullName, name))))
                continue;
            var fixtures = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "fixtures", "responses"));
            return File.Exists(Path.Combine(fixtures, "inventory.json")) ? fixtures : null;
        }

        return null;
    }
}
