using System.Text.Json;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Wire;

namespace Elsa.Responses.Client.Mapping;

// Maps a request to the exact wire body. Unset fields stay null and are omitted.
internal static class RequestMapper
{
    public static byte[] ToUtf8Json(ResponseRequest request) =>
        JsonSerializer.SerializeToUtf8Bytes(ToBody(request), ResponsesJsonContext.Default.CreateResponseBody);

    public static CreateResponseBody ToBody(ResponseRequest request) => new()
    {
        Model = request.Model,
        Input = request.Input is null ? null : ToElement(request.Input),
        Instructions = request.Instructions,
        Stream = request.Stream ? true : null,
        StreamOptions = request.Stream && request.IncludeUsage is { } includeUsage ? new WireStreamOptions { IncludeUsage = includeUsage } : null,
        Stop = request.Stop is { Count: > 0 } stop ? ToElement(stop) : null,
        Temperature = request.Temperature,
        TopP = request.TopP,
        MaxOutputTokens = request.MaxOutputTokens,
        Tools = request.Tools?.Select(t => t.Json).ToList(),
        ToolChoice = request.ToolChoice is null ? null : ToElement(request.ToolChoice),
        Metadata = request.Metadata is { Count: > 0 } ? request.Metadata : null,
        User = request.User,
        Text = request.TextFormat is { } format
            ? new WireTextOptions { Format = new WireTextFormat { Type = format.Type, Name = format.Name, Description = format.Description, Schema = format.Schema, Strict = format.Strict } }
            : null,
        Extra = request.AdditionalProperties?.ToDictionary(
            p => p.Key,
            p => p.Value is null ? JsonSerializer.SerializeToElement<string?>(null, ResponsesJsonContext.Default.String) : Parse(p.Value.ToJsonString())),
    };

    private static JsonElement ToElement(ResponseInput input) => input.Text is not null
        ? JsonSerializer.SerializeToElement(input.Text, ResponsesJsonContext.Default.String)
        : JsonSerializer.SerializeToElement(input.Items!.Select(i => i.Json).ToArray(), ResponsesJsonContext.Default.JsonElementArray);

    private static JsonElement ToElement(IList<string> stop) => stop.Count == 1
        ? JsonSerializer.SerializeToElement(stop[0], ResponsesJsonContext.Default.String)
        : JsonSerializer.SerializeToElement(stop.ToArray(), ResponsesJsonContext.Default.StringArray);

    private static JsonElement ToElement(ToolChoice choice)
    {
        if (choice.Mode is { } mode)
            return JsonSerializer.SerializeToElement(mode, ResponsesJsonContext.Default.String);
        if (choice.Raw is { } raw)
            return raw;
        return choice.Style == ToolChoiceFunctionStyle.Nested
            ? JsonSerializer.SerializeToElement(new WireNestedFunctionChoice { Function = new WireFunctionName { Name = choice.FunctionName } }, ResponsesJsonContext.Default.WireNestedFunctionChoice)
            : JsonSerializer.SerializeToElement(new WireNamedFunctionChoice { Name = choice.FunctionName }, ResponsesJsonContext.Default.WireNamedFunctionChoice);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
