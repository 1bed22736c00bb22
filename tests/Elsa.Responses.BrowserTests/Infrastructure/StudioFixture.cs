namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>The sample server with its default connection pointed at a WireMock fake (<see cref="FakeResponsesApi"/>).</summary>
public sealed class StudioFixture : StudioFixtureBase
{
    /// <summary>The Responses connection's key: distinctive, so that a leak into the page is found by a text search.</summary>
    public const string ConnectionApiKey = "sk-fake-ELSA-RESPONSES-9d3b7c2a5e81";

    /// <summary>The fake Responses server.</summary>
    public FakeResponsesApi Fake { get; private set; } = null!;

    /// <inheritdoc />
    protected override Task<IReadOnlyDictionary<string, string>> StartBackendAsync()
    {
        Fake = FakeResponsesApi.Start(ConnectionApiKey);
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Responses:Connections:digitalocean:BaseUrl"] = Fake.BaseUrl.ToString(),
            ["Responses:Connections:digitalocean:ApiKey"] = ConnectionApiKey,
        });
    }

    /// <inheritdoc />
    protected override ValueTask StopBackendAsync()
    {
        Fake?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The tests that share one <see cref="StudioFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class StudioCollection : ICollectionFixture<StudioFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Sample server and Elsa Studio";
}
