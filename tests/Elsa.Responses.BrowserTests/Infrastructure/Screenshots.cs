using System.Reflection;
using Microsoft.Playwright;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// PNG screenshots of what the tests saw. Always written to <c>TestResults/screenshots/</c> next to the test assembly;
/// with <c>UPDATE_DOC_IMAGES=1</c> also to <c>docs/images/</c> (the committed ones), so a plain test run never dirties the tree.
/// </summary>
public static class Screenshots
{
    /// <summary>Where the test run's copies go.</summary>
    public static string RunFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>The repository's docs/images folder.</summary>
    public static string DocsFolder { get; } = Path.Combine(
        typeof(Screenshots).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, "docs", "images");

    private static bool UpdateDocs => Environment.GetEnvironmentVariable("UPDATE_DOC_IMAGES") is "1" or "true";

    /// <summary>Saves the page (or one element of it, or a region) as <c>{name}.png</c>.</summary>
    public static async Task SaveAsync(IPage page, string name, ILocator? element = null, Clip? clip = null)
    {
        Directory.CreateDirectory(RunFolder);
        var path = Path.Combine(RunFolder, name + ".png");
        if (element is null)
            await page.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled, Clip = clip });
        else
            await element.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled });

        if (UpdateDocs)
        {
            Directory.CreateDirectory(DocsFolder);
            File.Copy(path, Path.Combine(DocsFolder, name + ".png"), overwrite: true);
        }
    }
}
