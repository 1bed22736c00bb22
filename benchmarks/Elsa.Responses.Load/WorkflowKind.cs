using System.Text.Json;

namespace Elsa.Responses.Load;

/// <summary>One of the three workflows the tool runs: its short name, its file in Workflows/ and its definition id.</summary>
public sealed record WorkflowKind(string Name, string File, string DefinitionId)
{
    /// <summary>Create Response with <c>stream: true</c>, Create Response without, and Send HTTP Request + JavaScript.</summary>
    public static readonly WorkflowKind[] All =
    [
        new("streamed", "create-response-streamed.json", "load-create-response-streamed"),
        new("non-streamed", "create-response.json", "load-create-response"),
        new("http", "http-baseline.json", "load-http-baseline"),
    ];

    /// <summary>
    /// The definition with its placeholders filled: the model server's URL and key (the HTTP baseline only: Create
    /// Response gets both from the server's connection), the model, the expected answer, and the request body the
    /// baseline sends, the one Create Response sends for the same prompt.
    /// </summary>
    public string Load(Uri modelUrl, string modelKey, int deltas)
    {
        var json = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", File));
        var values = new Dictionary<string, string>
        {
            ["{{MODEL}}"] = ModelServer.Model,
            ["{{MODEL_URL}}"] = modelUrl.AbsoluteUri.TrimEnd('/'),
            ["{{MODEL_KEY}}"] = modelKey,
            ["{{EXPECTED_TEXT}}"] = ModelServer.ExpectedText(deltas),
            ["{{EXPECTED_TOTAL_TOKENS}}"] = (ModelServer.InputTokens + ModelServer.OutputTokens).ToString(),
            ["{{REQUEST_BODY}}"] = RequestBody,
        };
        // Every placeholder sits inside a JSON string: escape the value for one.
        foreach (var (placeholder, value) in values)
            json = json.Replace(placeholder, JsonSerializer.Serialize(value)[1..^1]);
        return json;
    }

    /// <summary>The body Create Response sends for the non-streamed workflow (as the model server received it).</summary>
    public const string RequestBody = """{"model":"load-model","input":"Write twenty words."}""";
}
