namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// Debian's chromium, which the tests drive through Playwright. Playwright's own browser download cannot work on the
/// project's machines, so it is never used: <c>scripts/install-browser-deps.sh</c> installs <c>/usr/bin/chromium</c>.
/// </summary>
public static class Chromium
{
    /// <summary>Where Debian's package puts the browser.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>The launch flags for a headless run in a container.</summary>
    public static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>The browser to launch: <c>CHROMIUM_PATH</c> when set, else <see cref="DefaultPath"/>; null when it is not there.</summary>
    public static string? ExecutablePath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
            var path = string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured;
            return File.Exists(path) ? path : null;
        }
    }

    /// <summary>Why the browser tests are skipped, or null when chromium is there.</summary>
    public static string? SkipReason => ExecutablePath is null
        ? $"Chromium was not found at {Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? DefaultPath}: run `bash scripts/install-browser-deps.sh` (Debian's chromium) or set CHROMIUM_PATH. The browser tests did NOT run."
        : null;
}

/// <summary>A test that needs chromium: skipped, with the reason, only when the browser truly is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when chromium is missing.</summary>
    public ChromiumFactAttribute()
    {
        if (Chromium.SkipReason is { } reason)
            Skip = reason;
    }
}
