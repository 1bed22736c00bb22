using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// Everything a page reported from the moment it was created: console messages of every type, uncaught errors, failed
/// requests, responses with an error status, crashes, address changes and the test's own steps, each with the time since
/// the page opened. Written out when a test fails (see <see cref="FailureArtifacts"/>).
/// </summary>
public sealed class PageLog
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Starts listening to <paramref name="page"/>; call it before the page navigates anywhere.</summary>
    public PageLog(IPage page)
    {
        page.Console += (_, message) =>
            Add($"console.{message.Type}", $"{message.Text}{(string.IsNullOrEmpty(message.Location) ? "" : $" ({message.Location})")}");
        page.PageError += (_, error) => Add("pageerror", error);
        page.RequestFailed += (_, request) => Add("requestfailed", $"{request.Method} {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                Add($"response {response.Status}", $"{response.Request.Method} {response.Url}");
        };
        page.Crash += (_, _) => Add("crash", "the page crashed");
        // Same-document navigations too (the host page routes by the address's #fragment, the Studio rewrites its query).
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
                Add("navigated", frame.Url);
        };
    }

    /// <summary>The log lines so far, oldest first.</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>Adds a line of the test's own (for example the step it was at).</summary>
    public void Add(string kind, string text) => _lines.Enqueue($"[+{_clock.Elapsed.TotalSeconds,8:0.000}s] [{kind}] {text}");
}
