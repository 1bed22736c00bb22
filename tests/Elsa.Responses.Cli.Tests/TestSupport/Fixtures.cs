namespace Elsa.Responses.Cli.Tests.TestSupport;

/// <summary>Files under Fixtures/, copied next to the tests.</summary>
public static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    /// <summary>Writes a file for one test and returns its path.</summary>
    public static string Write(string content, string extension = ".json")
    {
        var path = Path.Combine(Path.GetTempPath(), "elsa-responses-cli-tests", Guid.NewGuid().ToString("N") + extension);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
