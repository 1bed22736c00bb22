namespace Elsa.Responses.Tests.TestSupport;

/// <summary>Finds the repository's <c>samples/workflows</c> folder by walking up from the test binaries to Elsa.Responses.sln.</summary>
public static class SamplePaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Elsa.Responses.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"Elsa.Responses.sln was not found above {AppContext.BaseDirectory}.");
    });

    public static string Workflow(string fileName) => Path.Combine(Root.Value, "samples", "workflows", fileName);
}
