using System.Text.Json;
using Elsa.Responses.Client.Wire;

namespace Elsa.Responses.Client.Requests;

/// <summary>
/// One entry of <c>tools</c>. A function tool has <c>name</c>, <c>description</c> and <c>parameters</c>; tools of other
/// types (web search, MCP, …) are passed through as the JSON given.
/// </summary>
public sealed class ResponseTool
{
    private ResponseTool(JsonElement json) => Json = json;

    /// <summary>The tool as it is sent.</summary>
    public JsonElement Json { get; }

    /// <summary>Wraps a tool that is already JSON. It is validated with the request, not here.</summary>
    public static ResponseTool FromJson(JsonElement json) => new(json.Clone());

    /// <summary>A function tool. <paramref name="parameters"/> is a JSON Schema object.</summary>
    public static ResponseTool Function(string name, string? description = null, JsonElement? parameters = null) =>
        new(JsonSerializer.SerializeToElement(
            new WireFunctionTool { Name = name, Description = description, Parameters = parameters },
            ResponsesJsonContext.Default.WireFunctionTool));

    /// <summary>
    /// Reads a JSON array of tools, as typed in a designer or a file. Throws <see cref="FormatException"/> naming
    /// <c>tools</c> when the text is not a JSON array. Internal: people's text reaches it through
    /// <see cref="RequestInputMapper"/> and the CLI.
    /// </summary>
    internal static IList<ResponseTool> ParseArray(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new FormatException("tools must be a JSON array");
            return document.RootElement.EnumerateArray().Select(FromJson).ToList();
        }
        catch (JsonException exception)
        {
            throw new FormatException($"tools is not valid JSON: {exception.Message}", exception);
        }
    }
}
