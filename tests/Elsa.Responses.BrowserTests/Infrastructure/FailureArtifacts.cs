using System.Text;
using Microsoft.Playwright;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// What a failing browser test leaves behind so that a failure (in CI too) can be diagnosed: a PNG of the page and a
/// <c>.log</c> with the page's console (from its start), its errors and failed requests, the failure, and the tail of the
/// servers' output. Written to <c>TestResults/failures/</c> next to the test assembly; the paths go into the failure message.
/// </summary>
public static class FailureArtifacts
{
    /// <summary>Where the files go.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "failures");

    /// <summary>Saves the screenshot and the log for <paramref name="testName"/>; returns the exception to throw in place of <paramref name="failure"/>.</summary>
    public static async Task<Exception> SaveAsync(StudioPage studio, string testName, Exception failure, string serverOutput)
    {
        Directory.CreateDirectory(Folder);
        var stem = Path.Combine(Folder, $"{testName}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var png = stem + ".png";
        var log = stem + ".log";

        string screenshot;
        try
        {
            await studio.Page.ScreenshotAsync(new() { Path = png, Type = ScreenshotType.Png, FullPage = true, Timeout = 30_000 });
            screenshot = png;
        }
        catch (Exception exception)
        {
            screenshot = $"(none: {exception.GetType().Name}: {FirstLine(exception.Message)})";
        }

        var text = new StringBuilder()
            .AppendLine($"Test: {testName}")
            .AppendLine($"Failed at (UTC): {DateTime.UtcNow:O}")
            .AppendLine($"Page URL: {SafeUrl(studio.Page)}")
            .AppendLine($"Screenshot: {screenshot}")
            .AppendLine()
            .AppendLine("== Failure ==")
            .AppendLine(failure.ToString())
            .AppendLine()
            .AppendLine("== Page log (console, page errors, failed requests, error responses) ==");
        foreach (var line in studio.Log.Lines)
            text.AppendLine(line);
        text.AppendLine()
            .AppendLine("== Server output (last 200 lines) ==");
        foreach (var line in serverOutput.Split('\n').TakeLast(200))
            text.AppendLine(line.TrimEnd('\r'));
        await File.WriteAllTextAsync(log, text.ToString());

        // The paths first: Playwright's own messages can run to hundreds of lines (an ARIA snapshot of the page).
        return new BrowserTestFailedException(
            $"Screenshot: {screenshot}{Environment.NewLine}Console log: {log}{Environment.NewLine}{failure.GetType().Name}: {failure.Message}", failure);
    }

    private static string SafeUrl(IPage page)
    {
        try { return page.Url; }
        catch (PlaywrightException exception) { return $"(unknown: {FirstLine(exception.Message)})"; }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

/// <summary>A browser test's failure, with where its screenshot and console log were saved; the original is the inner exception.</summary>
public sealed class BrowserTestFailedException(string message, Exception inner) : Exception(message, inner);
