using Elsa.Responses.Client;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Compatibility.Tests.TestSupport;

/// <summary>
/// The client as an application builds it (<c>AddResponsesClient</c>, then <see cref="IResponsesClientFactory"/>), for one
/// llama-server, without retries: a request to it either works or it does not.
/// </summary>
public sealed class LlamaClient : IDisposable
{
    public const string ConnectionName = "llama";
    private readonly ServiceProvider _services;

    /// <param name="server">The server to talk to.</param>
    /// <param name="apiKey">The key to send; null sends none.</param>
    /// <param name="register">Registers the connection instead of a plain <c>AddResponsesClient</c>, given the options to apply.</param>
    public LlamaClient(LlamaServer server, string? apiKey = null, Action<IServiceCollection, Action<ResponsesClientOptions>>? register = null)
    {
        var services = new ServiceCollection();
        void Configure(ResponsesClientOptions o)
        {
            o.BaseUrl = new Uri(server.BaseUrl);
            o.ApiKey = apiKey;
            o.MaxRetryAttempts = 0;
        }

        if (register is null)
            services.AddResponsesClient(ConnectionName, Configure);
        else
            register(services, Configure);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Client = _services.GetRequiredService<IResponsesClientFactory>().CreateClient(ConnectionName);
    }

    public IResponsesClient Client { get; }

    /// <summary>A request for the tiny model; <paramref name="input"/> defaults to <c>hi</c>.</summary>
    public static ResponseRequest Request(ResponseInput? input = null) => new() { Model = "tiny", Input = input ?? "hi" };

    /// <summary>The tools of the server's <c>tools.json</c>: one function, <c>get_weather</c>.</summary>
    public static IList<ResponseTool> WeatherTools() => ResponseTool.ParseArray(File.ReadAllText(LlamaServerLocation.PathOf("tools.json")));

    /// <summary>
    /// Sends the request whole, or streamed through <see cref="IResponsesClient.StreamAsync"/>, and returns the result
    /// with the updates before it (none when not streamed).
    /// </summary>
    public async Task<Outcome> SendAsync(ResponseRequest request, bool stream)
    {
        if (!stream)
            return new Outcome(await Client.CreateAsync(request), []);

        var updates = new List<ResponseUpdate>();
        await foreach (var update in Client.StreamAsync(request))
        {
            if (update.Kind == ResponseUpdateKind.Completed)
                return new Outcome(update.Result!, updates);
            updates.Add(update);
        }

        throw new InvalidOperationException("The stream ended without a Completed update.");
    }

    public void Dispose() => _services.Dispose();

    /// <summary>A result and the streamed updates that led to it.</summary>
    public sealed record Outcome(ResponseResult Result, IReadOnlyList<ResponseUpdate> Updates)
    {
        /// <summary>The deltas of one kind, joined.</summary>
        public string Joined(ResponseUpdateKind kind) => string.Concat(Updates.Where(u => u.Kind == kind).Select(u => u.Delta));
    }
}
