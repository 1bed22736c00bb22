using Microsoft.Playwright;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// One WireMock fake, one sample server and one chromium for the whole collection (starting the server and booting the
/// Studio's WebAssembly are the slow parts). Each test gets its own browser context and page.
/// </summary>
public sealed class StudioFixture : IAsyncLifetime
{
    /// <summary>The server's API key, which the Studio page is given.</summary>
    public const string ServerApiKey = "browser-tests-server-key-4f1e9c";

    /// <summary>The Responses connection's key: distinctive, so that a leak into the page is found by a text search.</summary>
    public const string ConnectionApiKey = "sk-fake-ELSA-RESPONSES-9d3b7c2a5e81";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly SemaphoreSlim _browserGate = new(1, 1);

    /// <summary>The fake Responses server.</summary>
    public FakeResponsesApi Fake { get; private set; } = null!;

    /// <summary>The sample server.</summary>
    public SampleServer Server { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Fake = FakeResponsesApi.Start(ConnectionApiKey);
        Server = await SampleServer.StartAsync(ServerApiKey, new Dictionary<string, string>
        {
            ["Responses:Connections:digitalocean:BaseUrl"] = Fake.BaseUrl.ToString(),
            ["Responses:Connections:digitalocean:ApiKey"] = ConnectionApiKey,
        }, TimeSpan.FromMinutes(3));
    }

    /// <summary>Opens the Studio host page at <paramref name="route"/> (e.g. <c>#/</c> or <c>#/workflows/{id}</c>) with the API key already given.</summary>
    public async Task<StudioPage> OpenStudioAsync(string route = "#/", int width = 1280, int height = 860, bool signedIn = true)
    {
        var browser = await GetBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = Server.BaseUrl.ToString(),
        });
        context.SetDefaultTimeout(60_000);
        if (signedIn)
            await context.AddInitScriptAsync($"sessionStorage.setItem('elsa-responses.api-key', '{ServerApiKey}');");
        var page = await context.NewPageAsync();
        var studio = new StudioPage(this, context, page);
        await studio.GotoAsync(route);
        return studio;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        if (Server is not null)
            await Server.DisposeAsync();
        Fake?.Dispose();
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
                Timeout = 60_000,
            });
            return _browser;
        }
        finally
        {
            _browserGate.Release();
        }
    }
}

/// <summary>The tests that share one <see cref="StudioFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class StudioCollection : ICollectionFixture<StudioFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Sample server and Elsa Studio";
}
