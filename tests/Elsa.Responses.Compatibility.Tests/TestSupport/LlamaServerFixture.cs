namespace Elsa.Responses.Compatibility.Tests.TestSupport;

/// <summary>
/// The three llama-servers of a run, each started on first use (so a run whose tests all skip starts none) and stopped by
/// PID at the end: a plain one, one started with <c>--api-key</c>, and one with the thinking chat template.
/// </summary>
public sealed class LlamaServerFixture : IAsyncLifetime
{
    /// <summary>The key the keyed server requires (the one its README uses).</summary>
    public const string ApiKey = "secret-key-123";

    private readonly Lazy<Task<LlamaServer>> _plain = new(() => LlamaServer.StartAsync());
    private readonly Lazy<Task<LlamaServer>> _keyed = new(() => LlamaServer.StartAsync("--api-key", ApiKey));
    private readonly Lazy<Task<LlamaServer>> _thinking = new(() => LlamaServer.StartAsync("--chat-template-file", LlamaServerLocation.PathOf("thinking.jinja")));

    /// <summary>Answers <c>Hi!</c>; ignores any key.</summary>
    public Task<LlamaServer> PlainAsync() => _plain.Value;

    /// <summary>Answers 401 unless <c>Authorization: Bearer secret-key-123</c> is sent.</summary>
    public Task<LlamaServer> KeyedAsync() => _keyed.Value;

    /// <summary>Answers with reasoning <c>\nHi!</c> and no text.</summary>
    public Task<LlamaServer> ThinkingAsync() => _thinking.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { _plain, _keyed, _thinking }.Where(s => s.IsValueCreated))
        {
            try
            {
                (await server.Value).Dispose();
            }
            catch (InvalidOperationException)
            {
                // It never started; its test already failed saying why.
            }
        }
    }
}

/// <summary>
/// Every test of this project is in this one collection: llama-server answers one request at a time (<c>-np 1</c>), so
/// tests must not send in parallel.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LlamaServerCollection : ICollectionFixture<LlamaServerFixture>
{
    public const string Name = "llama-server";
}
