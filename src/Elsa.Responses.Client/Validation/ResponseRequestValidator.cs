using System.Text.Json;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Structured;

namespace Elsa.Responses.Client.Validation;

/// <summary>
/// Checks a <see cref="ResponseRequest"/> against the documented rules and reports every violation, each naming the
/// wire field and the rule, such as <c>temperature must be between 0 and 2</c>.
/// </summary>
public static class ResponseRequestValidator
{
    private static readonly string[] Roles = ["user", "system", "developer", "assistant", "tool"];
    private static readonly string[] TypedFields =
        ["model", "input", "instructions", "stream", "stream_options", "stop", "temperature", "top_p", "max_output_tokens", "tools", "tool_choice", "metadata", "user"];

    /// <summary>The most stop sequences a request may carry.</summary>
    public const int MaxStopSequences = 4;

    /// <summary>The most metadata pairs a request may carry.</summary>
    public const int MaxMetadataEntries = 16;

    /// <summary>Returns every violation; an empty list means the request may be sent.</summary>
    public static IReadOnlyList<string> Validate(ResponseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(request.Model))
            errors.Add("model is required");

        ValidateInput(request.Input, errors);

        if (request.IncludeUsage == true && !request.Stream)
            errors.Add("stream_options.include_usage requires stream to be true");

        if (request.Stop is { } stop)
        {
            if (stop.Count > MaxStopSequences)
                errors.Add($"stop accepts at most {MaxStopSequences} sequences");
            for (var i = 0; i < stop.Count; i++)
                if (string.IsNullOrEmpty(stop[i]))
                    errors.Add($"stop[{i}] must not be empty");
        }

        if (request.Temperature is { } temperature && !(temperature >= 0 && temperature <= 2))
            errors.Add("temperature must be between 0 and 2");
        if (request.TopP is { } topP && !(topP >= 0 && topP <= 1))
            errors.Add("top_p must be between 0 and 1");
        if (request.MaxOutputTokens is < 1)
            errors.Add("max_output_tokens must be at least 1");

        var functionNames = ValidateTools(request.Tools, errors);
        ValidateToolChoice(request.ToolChoice, request.Tools, functionNames, errors);
        ValidateMetadata(request.Metadata, errors);

        ValidateTextFormat(request.TextFormat, errors);

        if (request.AdditionalProperties is { } additional)
            foreach (var (key, _) in additional)
                if (TypedFields.Contains(key, StringComparer.Ordinal) || (key == "text" && request.TextFormat is not null))
                    errors.Add($"additional_properties.{key} duplicates a request field; set the field itself");

        return errors;
    }

    /// <summary>Throws <see cref="ResponseValidationException"/> with every violation when the request is invalid.</summary>
    public static void ThrowIfInvalid(ResponseRequest request)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
            throw new ResponseValidationException(errors);
    }

    private static void ValidateInput(ResponseInput? input, List<string> errors)
    {
        if (input is null)
        {
            errors.Add("input is required");
            return;
        }

        if (input.Text is not null)
        {
            if (string.IsNullOrWhiteSpace(input.Text))
                errors.Add("input must not be empty");
            return;
        }

        var items = input.Items!;
        if (items.Count == 0)
            errors.Add("input must contain at least one item");
        for (var i = 0; i < items.Count; i++)
            ValidateItem(items[i].Json, $"input[{i}]", errors);
    }

    private static void ValidateItem(JsonElement item, string path, List<string> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path} is not a JSON object");
            return;
        }

        var type = StringProperty(item, "type");
        switch (type)
        {
            case null or "message":
                if (type is null && !item.TryGetProperty("role", out _))
                {
                    errors.Add($"{path}.type is required (or a role, for a message)");
                    return;
                }

                ValidateMessage(item, path, errors);
                break;
            case "function_call":
                RequireString(item, "call_id", path, errors);
                RequireString(item, "name", path, errors);
                if (!item.TryGetProperty("arguments", out var arguments) || arguments.ValueKind != JsonValueKind.String)
                    errors.Add($"{path}.arguments must be a string of JSON");
                break;
            case "function_call_output":
                RequireString(item, "call_id", path, errors);
                if (!item.TryGetProperty("output", out var output) || output.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
                    errors.Add($"{path}.output is required and must be a string or an array");
                break;
            // Other item types (reasoning items from an earlier turn, item references, …) pass through.
        }
    }

    private static void ValidateMessage(JsonElement item, string path, List<string> errors)
    {
        var role = StringProperty(item, "role");
        if (role is null)
            errors.Add($"{path}.role is required");
        else if (!Roles.Contains(role, StringComparer.Ordinal))
            errors.Add($"{path}.role must be one of {string.Join(", ", Roles)}");

        if (!item.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            errors.Add($"{path}.content is required");
            return;
        }

        if (content.ValueKind == JsonValueKind.String)
            return;
        if (content.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}.content must be a string or an array of content parts");
            return;
        }

        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object)
                errors.Add($"{path}.content[{j}] is not a JSON object");
            else if (StringProperty(part, "type") is null)
                errors.Add($"{path}.content[{j}].type is required");
            j++;
        }
    }

    private static HashSet<string> ValidateTools(IList<ResponseTool>? tools, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (tools is null)
            return names;

        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i].Json;
            var path = $"tools[{i}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path} is not a JSON object");
                continue;
            }

            var type = StringProperty(tool, "type");
            if (type is null)
            {
                errors.Add($"{path}.type is required");
                continue;
            }

            if (type != "function")
                continue;

            var name = StringProperty(tool, "name");
            if (string.IsNullOrWhiteSpace(name))
                errors.Add($"{path}.name is required");
            else if (!names.Add(name))
                errors.Add($"{path}.name '{name}' is used by another tool");

            if (tool.TryGetProperty("description", out var description) && description.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                errors.Add($"{path}.description must be a string");
            if (tool.TryGetProperty("parameters", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                errors.Add($"{path}.parameters is not a JSON object");
        }

        return names;
    }

    private static void ValidateToolChoice(ToolChoice? choice, IList<ResponseTool>? tools, HashSet<string> functionNames, List<string> errors)
    {
        if (choice is null)
            return;
        if (choice.Raw is { } raw && StringProperty(raw, "type") is null)
            errors.Add("tool_choice.type is required");
        if (choice.Mode == "required" && (tools is null || tools.Count == 0))
            errors.Add("tool_choice 'required' needs at least one tool in tools");
        if (choice.FunctionName is { } name)
        {
            if (string.IsNullOrWhiteSpace(name))
                errors.Add("tool_choice function name must not be empty");
            else if (!functionNames.Contains(name))
                errors.Add($"tool_choice names function '{name}', which is not in tools");
        }
    }

    private static void ValidateMetadata(IDictionary<string, string>? metadata, List<string> errors)
    {
        if (metadata is null)
            return;
        if (metadata.Count > MaxMetadataEntries)
            errors.Add($"metadata accepts at most {MaxMetadataEntries} entries");
        foreach (var (key, value) in metadata)
        {
            if (string.IsNullOrEmpty(key))
                errors.Add("metadata keys must not be empty");
            else if (key.Length > 64)
                errors.Add($"metadata key '{key[..16]}…' is longer than 64 characters");
            if (value is null)
                errors.Add($"metadata['{key}'] must not be null");
            else if (value.Length > 512)
                errors.Add($"metadata['{key}'] is longer than 512 characters");
        }
    }

    private static void RequireString(JsonElement item, string name, string path, List<string> errors)
    {
        if (string.IsNullOrEmpty(StringProperty(item, name)))
            errors.Add($"{path}.{name} is required");
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void ValidateTextFormat(TextFormat? format, List<string> errors)
    {
        if (format is not { Type: TextFormatTypes.JsonSchema })
            return;
        if (string.IsNullOrWhiteSpace(format.Name))
            errors.Add("text.format.name is required for json_schema");
        else if (!IsFunctionName(format.Name))
            errors.Add("text.format.name must be 1 to 64 letters, digits, '_' or '-'");
        if (format.Schema is not { } schema)
            errors.Add("text.format.schema is required for json_schema");
        // The format compiles its schema once and keeps it for checking the answer; only a schema that failed is
        // compiled again here, for the reason. Without this every request (and every repair) compiled it anew.
        else if (format.CompiledSchema is null && !SchemaCheck.TryCompile(schema, out _, out var problem))
            errors.Add($"text.format.schema {problem}");
    }

    private static bool IsFunctionName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-');
}
