namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// The sample server with its default connection, <see cref="ConnectionName"/>, pointed at the real llama.cpp server
/// (<see cref="LlamaServer"/>; loopback http, no key). Starts nothing when that server is absent: its tests are skipped.
/// </summary>
public sealed class RealServerStudioFixture : StudioFixtureBase
{
    /// <summary>The connection the sample server is given, and makes its default.</summary>
    public const string ConnectionName = "llama";

    /// <summary>The llama.cpp server; null before start-up and when it is absent.</summary>
    public LlamaServer? Llama { get; private set; }

    /// <inheritdoc />
    protected override bool Enabled => LlamaServer.SkipReason is null && Chromium.SkipReason is null;

    /// <inheritdoc />
    protected override string BackendOutput => Llama is null ? string.Empty : $"llama-server log ({Llama.LogPath}):{Environment.NewLine}{Llama.Output}";

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> StartBackendAsync()
    {
        Llama = await LlamaServer.StartAsync(TimeSpan.FromSeconds(90));
        return new Dictionary<string, string>
        {
            ["Responses:DefaultConnection"] = ConnectionName,
            [$"Responses:Connections:{ConnectionName}:BaseUrl"] = Llama.BaseUrl.ToString(),
        };
    }

    /// <inheritdoc />
    protected override async ValueTask StopBackendAsync()
    {
        if (Llama is not null)
            await Llama.DisposeAsync();
    }
}

/// <summary>The tests that share one <see cref="RealServerStudioFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RealServerCollection : ICollectionFixture<RealServerStudioFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Sample server and Elsa Studio on the real llama.cpp server";
}

/// <summary>A test that needs chromium and the real llama.cpp server: skipped, with the reason, when either is absent.</summary>
public sealed class RealServerFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when chromium or the llama.cpp server is missing.</summary>
    public RealServerFactAttribute()
    {
        if ((Chromium.SkipReason ?? LlamaServer.SkipReason) is { } reason)
            Skip = reason;
    }
}
