using System.Text.Json.Nodes;
using Elsa.Responses.Client;
using Elsa.Responses.Compatibility.Tests.TestSupport;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Workflows.Activities.Flowchart.Models;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Compatibility;

/// <summary>
/// One Create Response (activity id <see cref="CallId"/>, model <c>tiny</c>, literal inputs) in a flowchart definition,
/// imported, published and run by Elsa's runtime like the samples (<see cref="SampleRun"/>), against a llama-server.
/// </summary>
public sealed class LlamaWorkflow
{
    public const string CallId = "call";

    /// <summary>The connection the calls use unless they name another: the given server, no retries, generous timeouts.</summary>
    public const string LlamaConnection = "llama";

    /// <summary>A connection to the keyed server that sends <see cref="WrongKey"/>.</summary>
    public const string WrongKeyConnection = "wrong-key";

    /// <summary>A connection to the keyed server that sends no key.</summary>
    public const string NoKeyConnection = "no-key";

    public const string WrongKey = "wrong-key-7c41e9";

    /// <summary>Over the 2,048-token context of serve.sh: llama.cpp answers 400 exceed_context_size_error.</summary>
    public static readonly string LongPrompt = string.Concat(Enumerable.Repeat("hello world ", 250));

    /// <summary>The server's <c>tools.json</c> as it is, for the Tools input: one function, <c>get_weather</c>.</summary>
    public static string WeatherTools => File.ReadAllText(LlamaServerLocation.PathOf("tools.json"));

    public string Input { get; init; } = "hi";

    public string? Instructions { get; init; }

    public string[]? Stop { get; init; }

    public int? MaxOutputTokens { get; init; }

    public string? Tools { get; init; }

    public string? ToolChoice { get; init; }

    public string? Connection { get; init; }

    public bool Stream { get; init; }

    /// <summary>
    /// An Elsa host (<see cref="ElsaTestHost"/>) whose default connection is <see cref="LlamaConnection"/> to
    /// <paramref name="server"/>, plus <see cref="WrongKeyConnection"/> and <see cref="NoKeyConnection"/> to
    /// <paramref name="keyed"/> when given. ElsaTestHost's own timeouts (10 s) are too short for a first grammar-constrained
    /// tool call on a loaded machine.
    /// </summary>
    public static Task<ElsaTestHost> StartHostAsync(ITestOutputHelper output, LlamaServer server, LlamaServer? keyed = null) =>
        ElsaTestHost.StartAsync(output, new Uri(server.BaseUrl), responses =>
        {
            responses.AddConnection(LlamaConnection, c => Configure(c, server, null));
            responses.DefaultConnection = LlamaConnection;
            // These tests read the raw Response and the Conversation back from the journal.
            responses.PersistRawResponse = true;
            responses.PersistConversation = true;
            if (keyed is null)
                return;
            responses.AddConnection(WrongKeyConnection, c => Configure(c, keyed, WrongKey));
            responses.AddConnection(NoKeyConnection, c => Configure(c, keyed, null));
        });

    /// <summary>Runs this call in a workflow of its own and returns the run (state, journal records, console).</summary>
    public Task<SampleRun> RunAsync(ElsaTestHost host, FlowchartExecutionMode mode = FlowchartExecutionMode.CounterBased) =>
        RunAsync(host, Definition(), mode);

    /// <summary>Imports, publishes and runs a workflow definition given as JSON (written to a temporary file, then deleted).</summary>
    public static async Task<SampleRun> RunAsync(ElsaTestHost host, JsonNode definition, FlowchartExecutionMode mode = FlowchartExecutionMode.CounterBased)
    {
        var path = Path.Combine(Path.GetTempPath(), $"elsa-responses-compat-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, definition.ToJsonString());
        try
        {
            // A rooted path: SamplePaths.Workflow leaves it as it is.
            return await SampleRun.RunAsync(host, path, mode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private JsonObject Definition()
    {
        var call = new JsonObject
        {
            ["model"] = Literal("String", "tiny"),
            ["input"] = Literal("Object", Input),
            ["stream"] = Literal("Boolean", Stream ? "true" : "false"),
        };
        if (Instructions is not null)
            call["instructions"] = Literal("String", Instructions);
        if (Stop is not null)
            call["stop"] = Literal("String[]", new JsonArray(Stop.Select(s => (JsonNode)s!).ToArray()).ToJsonString());
        if (MaxOutputTokens is { } max)
            call["maxOutputTokens"] = Literal("Int32", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Tools is not null)
            call["tools"] = Literal("Object", Tools);
        if (ToolChoice is not null)
            call["toolChoice"] = Literal("String", ToolChoice);
        if (Connection is not null)
            call["connection"] = Literal("String", Connection);

        var activity = OneActivityDefinition.Activity(CallId, "Call", "Elsa.Responses.CreateResponse", call);
        return OneActivityDefinition.Create($"compat-{Guid.NewGuid():N}", "Compatibility: one Create Response", activity);
    }

    private static JsonObject Literal(string typeName, string value) => OneActivityDefinition.Literal(typeName, value);

    private static void Configure(ResponsesClientOptions connection, LlamaServer server, string? key)
    {
        connection.BaseUrl = new Uri(server.BaseUrl);
        connection.ApiKey = key;
        connection.MaxRetryAttempts = 0;
        connection.AttemptTimeout = TimeSpan.FromSeconds(90);
        connection.TotalTimeout = TimeSpan.FromSeconds(120);
    }
}
