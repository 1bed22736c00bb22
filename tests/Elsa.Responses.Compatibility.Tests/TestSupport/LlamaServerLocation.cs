namespace Elsa.Responses.Compatibility.Tests.TestSupport;

/// <summary>
/// Finds llama.cpp's server folder (<c>serve.sh</c>, the model, <c>tools.json</c>): walk up from the test binaries to the
/// folder holding the solution, then <c>../shared/llama-server</c> beside it (where CI puts it). <c>LLAMA_SERVER_DIR</c>
/// overrides the location (point it at a missing folder to see every test skip).
/// </summary>
internal static class LlamaServerLocation
{
    public const string EnvironmentVariable = "LLAMA_SERVER_DIR";
    private const string Absent = "../shared/llama-server is absent: ";
    private static readonly string[] SolutionFiles = ["Elsa.Responses.sln", "Elsa.Responses.slnx"];
    private static readonly (string? Directory, string? SkipReason) Found = Find();

    /// <summary>The folder holding <c>serve.sh</c>, or null when it is absent.</summary>
    public static string? Directory => Found.Directory;

    /// <summary>Why the tests skip when <see cref="Directory"/> is null; otherwise null.</summary>
    public static string? SkipReason => Found.SkipReason;

    /// <summary>A file in the folder, such as <c>tools.json</c>.</summary>
    public static string PathOf(string name) => Path.Combine(Directory ?? throw new InvalidOperationException(SkipReason), name);

    private static (string?, string?) Find()
    {
        var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(overridden))
            return Check(Path.GetFullPath(overridden), $"{EnvironmentVariable}={overridden} has no serve.sh.");

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (SolutionFiles.Any(name => File.Exists(Path.Combine(directory.FullName, name))))
            {
                var candidate = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "llama-server"));
                return Check(candidate, $"no serve.sh in {candidate} (or set {EnvironmentVariable}).");
            }
        }

        return (null, $"{Absent}no folder above {AppContext.BaseDirectory} holds Elsa.Responses.sln (or set {EnvironmentVariable}).");
    }

    private static (string?, string?) Check(string candidate, string whyNot) =>
        File.Exists(Path.Combine(candidate, "serve.sh")) ? (candidate, null) : (null, Absent + whyNot);
}
