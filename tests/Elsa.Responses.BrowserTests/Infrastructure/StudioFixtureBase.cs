using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// One sample server and one chromium for a whole collection (starting the server and booting the Studio's WebAssembly
/// are the slow parts); a subclass starts the Responses server the sample server's connection points at. Each test gets
/// its own browser context and page through <see cref="RunAsync"/>.
/// </summary>
/// <remarks>
/// Every wait is on something the page shows, with limits meant for a machine whose cores are busy with other work:
/// 120 s for the Studio's WebAssembly to boot, 60 s for a Playwright action, 30 s for an assertion.
/// </remarks>
public abstract class StudioFixtureBase : IAsyncLifetime
{
    /// <summary>The server's API key, which the Studio page is given.</summary>
    public const string ServerApiKey = "browser-tests-server-key-4f1e9c";

    /// <summary>How long a Playwright action (click, fill, wait for an element) may take.</summary>
    public const int ActionTimeoutMs = 60_000;

    /// <summary>How long an <see cref="Assertions.Expect(ILocator)"/> assertion keeps retrying (Playwright's default is 5 s).</summary>
    public const int ExpectTimeoutMs = 30_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly SemaphoreSlim _browserGate = new(1, 1);

    static StudioFixtureBase() => Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);

    /// <summary>The sample server; null when the fixture is disabled.</summary>
    public SampleServer Server { get; private set; } = null!;

    /// <summary>False when what the fixture needs is absent; then nothing is started and its tests are skipped.</summary>
    protected virtual bool Enabled => true;

    /// <summary>Starts the Responses server; returns the sample server's settings (the connection pointed at it).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> StartBackendAsync();

    /// <summary>Stops what <see cref="StartBackendAsync"/> started.</summary>
    protected abstract ValueTask StopBackendAsync();

    /// <summary>The backend's own log, added to a failing test's log.</summary>
    protected virtual string BackendOutput => string.Empty;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!Enabled)
            return;
        var settings = await StartBackendAsync();
        Server = await SampleServer.StartAsync(ServerApiKey, settings, TimeSpan.FromMinutes(3));
    }

    /// <summary>
    /// Opens the Studio host page at <paramref name="route"/> (e.g. <c>#/</c> or <c>#/workflows/{id}</c>), with the API key
    /// already given unless <paramref name="signedIn"/> is false, and runs <paramref name="test"/> on it. When it fails, a
    /// screenshot and the page's console log are saved (see <see cref="FailureArtifacts"/>) and the failure names them.
    /// </summary>
    public async Task RunAsync(Func<StudioPage, Task> test, string route = "#/", int width = 1280, int height = 860, bool signedIn = true,
        [CallerMemberName] string testName = "")
    {
        var browser = await GetBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = Server.BaseUrl.ToString(),
        });
        context.SetDefaultTimeout(ActionTimeoutMs);
        await using var studio = new StudioPage(context, await context.NewPageAsync());
        try
        {
            if (signedIn)
                await context.AddInitScriptAsync($"sessionStorage.setItem('elsa-responses.api-key', '{ServerApiKey}');");
            await studio.GotoAsync(route);
            await test(studio);
        }
        catch (Exception failure)
        {
            var output = $"{Server.Output}{(BackendOutput.Length > 0 ? $"{Environment.NewLine}== Responses server =={Environment.NewLine}{BackendOutput}" : "")}";
            throw await FailureArtifacts.SaveAsync(studio, testName, failure, output);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        if (Server is not null)
            await Server.DisposeAsync();
        await StopBackendAsync();
    }

    private async Task<IBrowser> GetBrowserAsync()
    {
        await _browserGate.WaitAsync();
        try
        {
            if (_browser is not null)
                return _browser;
            var executable = Chromium.ExecutablePath ?? throw new InvalidOperationException(Chromium.SkipReason);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Chromium.Args,
                Timeout = ActionTimeoutMs,
            });
            return _browser;
        }
        finally
        {
            _browserGate.Release();
        }
    }
}
