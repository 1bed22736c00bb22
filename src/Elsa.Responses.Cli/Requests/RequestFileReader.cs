using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Cli.Requests;

// Reads a whole request body, written with the API's wire field names, into a request. Fields this client does not
// type go to AdditionalProperties, so a file can carry reasoning, parallel_tool_calls and the like.
internal static class RequestFileReader
{
    public const string Flag = "--request";

    public static ResponseRequest Read(string path)
    {
        using var document = InputFiles.ReadJson(path, Flag);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new CliInputException($"the {Flag} file '{path}' must hold a JSON object: a request body");

        var errors = new List<string>();
        var request = new ResponseRequest();
        foreach (var property in document.RootElement.EnumerateObject())
            Apply(request, property.Name, property.Value, errors);

        if (errors.Count > 0)
            throw new CliInputException(errors.Select(e => $"{Flag} file '{path}': {e}").ToList());
        return request;
    }

    private static void Apply(ResponseRequest request, string name, JsonElement value, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.Null && IsTyped(name))
            return;

        switch (name)
        {
            case "model":
                request.Model = String(value, name, errors);
                break;
            case "input":
                request.Input = value.ValueKind switch
                {
                    JsonValueKind.String => ResponseInput.FromText(value.GetString()!),
                    JsonValueKind.Array => ResponseInput.FromItems(value.EnumerateArray().Select(InputItem.FromJson)),
                    JsonValueKind.Null => null,
                    _ => Error<ResponseInput>("input must be a string or an array of input items", errors),
                };
                break;
            case "instructions":
                request.Instructions = String(value, name, errors);
                break;
            case "stream":
                request.Stream = Boolean(value, name, errors) ?? false;
                break;
            case "stream_options":
                request.IncludeUsage = StreamOptions(value, errors);
                break;
            case "stop":
                request.Stop = value.ValueKind switch
                {
                    JsonValueKind.String => [value.GetString()!],
                    JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                        value.EnumerateArray().Select(e => e.GetString()!).ToList(),
                    _ => Error<List<string>>("stop must be a string or an array of strings", errors),
                };
                break;
            case "temperature":
                request.Temperature = Number(value, name, errors);
                break;
            case "top_p":
                request.TopP = Number(value, name, errors);
                break;
            case "max_output_tokens":
                request.MaxOutputTokens = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens)
                    ? tokens
                    : Error<int?>("max_output_tokens must be a whole number", errors);
                break;
            case "tools":
                request.Tools = value.ValueKind == JsonValueKind.Array
                    ? value.EnumerateArray().Select(ResponseTool.FromJson).ToList()
                    : Error<List<ResponseTool>>("tools must be an array", errors);
                break;
            case "tool_choice":
                request.ToolChoice = ToolChoiceOf(value, errors);
                break;
            case "metadata":
                request.Metadata = Metadata(value, errors);
                break;
            case "user":
                request.User = String(value, name, errors);
                break;
            case "text" when TextFormatOf(value) is { } format:
                request.TextFormat = format;
                break;
            default:
                (request.AdditionalProperties ??= [])[name] = JsonNode.Parse(value.GetRawText());
                break;
        }
    }

    private static bool IsTyped(string name) => name is "model" or "input" or "instructions" or "stream" or "stream_options" or "stop"
        or "temperature" or "top_p" or "max_output_tokens" or "tools" or "tool_choice" or "metadata" or "user";

    // {"format": {...}} with a format this client types becomes TextFormat, so that the answer is checked and repaired
    // as with --output-schema; anything more (other text options, fields it does not know) is sent as written.
    private static TextFormat? TextFormatOf(JsonElement text)
    {
        if (text.ValueKind != JsonValueKind.Object || text.EnumerateObject().Select(p => p.Name).SingleOrDefault() != "format" ||
            text.GetProperty("format") is not { ValueKind: JsonValueKind.Object } format)
            return null;
        var fields = format.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var type = fields.GetValueOrDefault("type");
        return type.ValueKind != JsonValueKind.String ? null : type.GetString() switch
        {
            TextFormatTypes.Text when fields.Count == 1 => TextFormat.Text,
            TextFormatTypes.JsonObject when fields.Count == 1 => TextFormat.JsonObject,
            TextFormatTypes.JsonSchema when fields.Keys.All(k => k is "type" or "name" or "schema" or "strict" or "description") &&
                                            fields.GetValueOrDefault("name").ValueKind == JsonValueKind.String &&
                                            fields.ContainsKey("schema") &&
                                            fields.GetValueOrDefault("strict").ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False &&
                                            fields.GetValueOrDefault("description").ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String =>
                TextFormat.JsonSchema(fields["name"].GetString()!, fields["schema"],
                    fields.GetValueOrDefault("strict").ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null },
                    fields.GetValueOrDefault("description").ValueKind == JsonValueKind.String ? fields["description"].GetString() : null),
            _ => null,
        };
    }

    private static bool? StreamOptions(JsonElement value, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
            return Error<bool?>("stream_options must be an object", errors);
        bool? includeUsage = null;
        foreach (var option in value.EnumerateObject())
        {
            if (option.Name == "include_usage")
                includeUsage = option.Value.ValueKind == JsonValueKind.Null ? null : Boolean(option.Value, "stream_options.include_usage", errors);
            else
                errors.Add($"stream_options.{option.Name} is not supported; only include_usage is");
        }

        return includeUsage;
    }

    private static ToolChoice? ToolChoiceOf(JsonElement value, List<string> errors)
    {
        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
            return Error<ToolChoice>("tool_choice must be a string or an object", errors);
        try
        {
            return ToolChoice.Parse(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
        }
        catch (FormatException exception)
        {
            return Error<ToolChoice>(exception.Message, errors);
        }
    }

    private static Dictionary<string, string>? Metadata(JsonElement value, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
            return Error<Dictionary<string, string>>("metadata must be an object of strings", errors);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in value.EnumerateObject())
        {
            if (pair.Value.ValueKind == JsonValueKind.String)
                metadata[pair.Name] = pair.Value.GetString()!;
            else
                errors.Add($"metadata['{pair.Name}'] must be a string");
        }

        return metadata;
    }

    private static string? String(JsonElement value, string name, List<string> errors) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() : Error<string>($"{name} must be a string", errors);

    private static double? Number(JsonElement value, string name, List<string> errors) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : Error<double?>($"{name} must be a number", errors);

    private static bool? Boolean(JsonElement value, string name, List<string> errors) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : Error<bool?>($"{name} must be true or false", errors);

    private static T? Error<T>(string message, List<string> errors)
    {
        errors.Add(message);
        return default;
    }
}
