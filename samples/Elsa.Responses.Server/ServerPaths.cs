using System.Reflection;

namespace Elsa.Responses.Server;

/// <summary>
/// Where the server finds the Studio package, the designer assets and the sample workflows: configuration first
/// (<c>Studio:PackagePath</c>, <c>Studio:DesignerAssetsPath</c>, <c>Samples:Path</c>), then the copies a publish puts next to
/// the dll (<c>studio/</c>, <c>designer-assets/</c>, <c>workflows/</c>), then the source tree the build came from.
/// </summary>
public sealed record ServerPaths(string? StudioPackage, string? DesignerAssets, string? SampleWorkflows)
{
    /// <summary>Resolves the three folders; a folder that does not exist is null.</summary>
    public static ServerPaths Resolve(IConfiguration configuration)
    {
        var metadata = typeof(ServerPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value);
        return new ServerPaths(
            Find(configuration["Studio:PackagePath"], "studio", metadata.GetValueOrDefault("StudioPackageDir"), "_framework"),
            Find(configuration["Studio:DesignerAssetsPath"], "designer-assets", metadata.GetValueOrDefault("DesignerAssetsDir"), "index.html"),
            Find(configuration["Samples:Path"], "workflows", metadata.GetValueOrDefault("SampleWorkflowsDir"), null));
    }

    private static string? Find(string? configured, string besideDll, string? fromBuild, string? mustContain)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;

        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, besideDll), fromBuild })
        {
            if (string.IsNullOrWhiteSpace(candidate) || !Directory.Exists(candidate))
                continue;
            if (mustContain is null || Path.Exists(Path.Combine(candidate, mustContain)))
                return Path.GetFullPath(candidate);
        }

        return null;
    }
}
