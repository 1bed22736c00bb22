using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Responses.Client.Requests;

/// <summary>
/// The one mapping from Create Response inputs to a <see cref="ResponseRequest"/>, used by the Elsa activity (with the
/// evaluated inputs) and by the CLI's <c>--definition</c> mode (with a definition's literal values). Rules: empty text
/// is unset; numbers, booleans, lists and dictionaries are read from their typed values or from text; <c>input</c>,
/// <c>tools</c> and <c>tool_choice</c> are parsed as a person types them; <c>include_usage</c> counts only with
/// <c>stream</c>. An unusable value is reported by input name and nothing is guessed.
/// </summary>
public static class RequestInputMapper
{
    /// <summary>Builds the request from the value of each input in <see cref="RequestInputNames.RequestFields"/>.</summary>
    /// <param name="valueOf">The value of the named input: null when unset; text, a number, a boolean, a list, a dictionary or JSON otherwise.</param>
    /// <returns>The request, and one error per input that could not be read. The request is not validated here.</returns>
    public static (ResponseRequest Request, IReadOnlyList<RequestInputError> Errors) Map(Func<string, object?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        var errors = new List<RequestInputError>();
        T? Read<T>(string name, Func<object, T?> convert)
        {
            var value = valueOf(name);
            if (value is null || InputValues.IsBlank(value))
                return default;
            try
            {
                return convert(value);
            }
            catch (FormatException exception)
            {
                errors.Add(new RequestInputError(name, exception.Message));
                return default;
            }
        }

        var request = new ResponseRequest
        {
            Model = Read(RequestInputNames.Model, InputValues.Text),
            Input = Read(RequestInputNames.Input, v => ResponseInput.Parse(InputValues.Text(v)!)),
            Instructions = Read(RequestInputNames.Instructions, InputValues.Text),
            Temperature = Read(RequestInputNames.Temperature, InputValues.Number),
            TopP = Read(RequestInputNames.TopP, InputValues.Number),
            MaxOutputTokens = Read(RequestInputNames.MaxOutputTokens, InputValues.WholeNumber),
            Stop = Read(RequestInputNames.Stop, InputValues.Strings),
            Tools = Read(RequestInputNames.Tools, v => ResponseTool.ParseArray(InputValues.Text(v)!)),
            ToolChoice = Read(RequestInputNames.ToolChoice, v => ToolChoice.Parse(InputValues.Text(v)!)),
            Metadata = Read(RequestInputNames.RequestMetadata, InputValues.StringDictionary),
            User = Read(RequestInputNames.User, InputValues.Text),
            Stream = Read(RequestInputNames.Stream, InputValues.Boolean) ?? false,
        };
        request.IncludeUsage = request.Stream && Read(RequestInputNames.IncludeUsage, InputValues.Boolean) == true ? true : null;
        if (Read<JsonElement?>(RequestInputNames.OutputSchema, v => InputValues.Json(v, "a JSON Schema object")) is { } schema)
        {
            var name = Read(RequestInputNames.SchemaName, InputValues.Text);
            var strict = Read(RequestInputNames.Strict, InputValues.Boolean) ?? true;
            request.TextFormat = TextFormat.JsonSchema(string.IsNullOrWhiteSpace(name) ? DefaultSchemaName : name.Trim(), schema, strict);
        }

        return (request, errors);
    }

    /// <summary>The schema name sent when the SchemaName input is empty.</summary>
    public const string DefaultSchemaName = "output";

    /// <summary>
    /// Reads the RepairAttempts input: <see cref="Structured.StructuredOutput.DefaultRepairAttempts"/> when unset, an
    /// error naming the input when it is not a whole number of 0 or more.
    /// </summary>
    public static (int RepairAttempts, RequestInputError? Error) MapRepairAttempts(Func<string, object?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        var value = valueOf(RequestInputNames.RepairAttempts);
        if (value is null || InputValues.IsBlank(value))
            return (Structured.StructuredOutput.DefaultRepairAttempts, null);
        try
        {
            return InputValues.WholeNumber(value) is >= 0 and var attempts
                ? (attempts, null)
                : (0, new RequestInputError(RequestInputNames.RepairAttempts, "must be 0 or more"));
        }
        catch (FormatException exception)
        {
            return (0, new RequestInputError(RequestInputNames.RepairAttempts, exception.Message));
        }
    }
}

/// <summary>An input that could not be read.</summary>
/// <param name="Input">The input's name, from <see cref="RequestInputNames"/>.</param>
/// <param name="Message">What is wrong with its value.</param>
public sealed record RequestInputError(string Input, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Input}: {Message}";
}

// Reads an input value of any of the shapes an engine or a JSON file holds, or throws FormatException saying why not.
internal static class InputValues
{
    public static bool IsBlank(object value) => value switch
    {
        string text => string.IsNullOrWhiteSpace(text),
        JsonElement { ValueKind: JsonValueKind.String } element => string.IsNullOrWhiteSpace(element.GetString()),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => true,
        _ => false,
    };

    public static string? Text(object value) => value switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        JsonElement element => element.GetRawText(),
        JsonNode node => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, value.GetType(), InputJson.Options),
    };

    public static double? Number(object value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        int or long or short or byte => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.Number } element => element.GetDouble(),
        _ when double.TryParse(Text(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new FormatException($"'{Text(value)}' is not a number"),
    };

    public static int? WholeNumber(object value) => value switch
    {
        int i => i,
        long or short or byte => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        double d when d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        JsonElement { ValueKind: JsonValueKind.Number } element when element.TryGetInt32(out var i) => i,
        _ when int.TryParse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new FormatException($"'{Text(value)}' is not a whole number"),
    };

    public static bool? Boolean(object value) => value switch
    {
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        _ when bool.TryParse(Text(value)?.Trim(), out var parsed) => parsed,
        _ => throw new FormatException($"'{Text(value)}' is not true or false"),
    };

    // A list of strings, a JSON array of strings (how Elsa stores a String[] literal), or one plain string.
    public static List<string>? Strings(object value)
    {
        List<string> list;
        if (value is not string && value is IEnumerable<string> strings)
            list = strings.ToList();
        else if (Text(value) is { } text && text.TrimStart().StartsWith('['))
            list = ParseJson(text, "a JSON array of strings", e => e.EnumerateArray().Select(StringOf).ToList());
        else
            list = [Text(value)!];
        return list.Count > 0 ? list : null;
    }

    public static Dictionary<string, string>? StringDictionary(object value)
    {
        Dictionary<string, string> dictionary;
        if (value is IEnumerable<KeyValuePair<string, string>> pairs)
            dictionary = pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        else if (value is IDictionary untyped)
            dictionary = untyped.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => untyped[k] is { } v ? Text(v)! : string.Empty, StringComparer.Ordinal);
        else
            dictionary = ParseJson(Text(value)!, "a JSON object of string values",
                e => e.EnumerateObject().ToDictionary(p => p.Name, p => StringOf(p.Value), StringComparer.Ordinal));
        return dictionary.Count > 0 ? dictionary : null;
    }

    // A JSON value given as JSON text, a JsonElement or a JsonNode.
    public static JsonElement Json(object value, string expected) => value switch
    {
        JsonElement { ValueKind: not JsonValueKind.String } element => element.Clone(),
        JsonNode node => JsonSerializer.SerializeToElement(node, InputJson.Options),
        _ => ParseJson(Text(value)!, expected, e => e.Clone()),
    };

    private static string StringOf(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? element.GetString()!
        : throw new FormatException($"{element.GetRawText()} is not a string");

    private static T ParseJson<T>(string text, string expected, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return read(document.RootElement);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"must be {expected}", exception);
        }
    }
}

// Plain objects from expressions (an anonymous object, a list) are written as web-style JSON.
internal static class InputJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
