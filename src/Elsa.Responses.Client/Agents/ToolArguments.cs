using System.Dynamic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Elsa.Responses.Client.Agents.ToolParameterSchema;

namespace Elsa.Responses.Client.Agents;

/// <summary>
/// Reads the arguments a model wrote for a function tool (<see cref="Results.ToolCall.Arguments"/>) into values of the
/// parameters' types. Nothing is guessed: a value of the wrong JSON type, an unknown argument or text that is not a
/// JSON object is an error that names the argument, worded for the model so that it can call the tool again correctly.
/// </summary>
public static class ToolArguments
{
    /// <summary>Binds <paramref name="argumentsJson"/> to <paramref name="parameters"/>.</summary>
    /// <returns>The values by parameter name (arguments left out are absent), or the errors, one per argument.</returns>
    public static ToolArgumentsResult Bind(string? argumentsJson, IReadOnlyList<ToolParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (string.IsNullOrWhiteSpace(argumentsJson))
            return new ToolArgumentsResult(new Dictionary<string, object?>(StringComparer.Ordinal), []);

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(argumentsJson);
            root = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return Failed($"the arguments are not valid JSON ({exception.Message})");
        }

        if (root.ValueKind != JsonValueKind.Object)
            return Failed($"the arguments must be a JSON object, not {Describe(root)}");

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            var parameter = parameters.FirstOrDefault(p => p.Name == property.Name)
                ?? parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null)
            {
                var expected = parameters.Count == 0 ? "it takes no arguments" : "expected: " + string.Join(", ", parameters.Select(p => p.Name));
                errors.Add($"'{property.Name}' is not an argument of this tool ({expected})");
                continue;
            }

            try
            {
                values[parameter.Name] = Convert(property.Value, parameter.Type);
            }
            catch (FormatException exception)
            {
                errors.Add($"'{parameter.Name}' {exception.Message}");
            }
        }

        return errors.Count > 0 ? new ToolArgumentsResult(null, errors) : new ToolArgumentsResult(values, []);
    }

    private static ToolArgumentsResult Failed(string error) => new(null, [error]);

    private static object? Convert(JsonElement value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.ValueKind == JsonValueKind.Null)
            return !type.IsValueType || underlying is not null ? null : throw new FormatException($"must be {Expected(type)}, not null");
        type = underlying ?? type;

        switch (KindOf(type))
        {
            case ValueKind.String:
                if (value.ValueKind != JsonValueKind.String)
                    throw new FormatException($"must be a string, not {Describe(value)}");
                return ConvertText(value.GetString()!, type);
            case ValueKind.Boolean:
                return value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new FormatException($"must be true or false, not {Describe(value)}"),
                };
            case ValueKind.Integer:
                if (value.ValueKind != JsonValueKind.Number || !decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var whole)
                    || whole != decimal.Truncate(whole))
                    throw new FormatException($"must be a whole number, not {Describe(value)}");
                try
                {
                    return System.Convert.ChangeType(whole, type, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    throw new FormatException($"is out of range for {type.Name}");
                }
            case ValueKind.Number:
                if (value.ValueKind != JsonValueKind.Number)
                    throw new FormatException($"must be a number, not {Describe(value)}");
                return type == typeof(decimal) ? value.GetDecimal() : type == typeof(float) ? value.GetSingle() : value.GetDouble();
            case ValueKind.Array:
                if (value.ValueKind != JsonValueKind.Array)
                    throw new FormatException($"must be an array, not {Describe(value)}");
                return ConvertArray(value, type);
            default:
                if (value.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"must be an object, not {Describe(value)}");
                return ConvertObject(value, type);
        }
    }

    private static object ConvertText(string text, Type type)
    {
        try
        {
            if (type == typeof(string)) return text;
            if (type == typeof(char)) return text.Length == 1 ? text[0] : throw new FormatException();
            if (type == typeof(Guid)) return Guid.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(DateTime)) return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            if (type == typeof(DateTimeOffset)) return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(DateOnly)) return DateOnly.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(TimeOnly)) return TimeOnly.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(TimeSpan)) return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(Uri)) return new Uri(text, UriKind.RelativeOrAbsolute);
            if (type.IsEnum) return Enum.Parse(type, text, ignoreCase: true);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException)
        {
        }

        throw new FormatException($"must be {Expected(type)}, not \"{Shorten(text)}\"");
    }

    private static object ConvertArray(JsonElement value, Type type)
    {
        if (type == typeof(JsonArray))
            return JsonNode.Parse(value.GetRawText())!.AsArray();
        var elementType = ElementTypeOf(type) ?? typeof(object);
        var items = value.EnumerateArray().Select((item, index) =>
        {
            try
            {
                return Convert(item, elementType);
            }
            catch (FormatException exception)
            {
                throw new FormatException($"item {index} {exception.Message}");
            }
        }).ToList();

        if (type.IsArray || type.IsInterface || type.IsAbstract)
        {
            var array = Array.CreateInstance(elementType, items.Count);
            for (var i = 0; i < items.Count; i++)
                array.SetValue(items[i], i);
            if (type.IsAssignableFrom(array.GetType()))
                return array;
        }

        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        foreach (var item in items)
            list.Add(item);
        return list;
    }

    // Objects are handed over as plain data: a JsonObject when one is asked for, an ExpandoObject for ExpandoObject, and
    // otherwise a dictionary of strings, numbers, booleans, lists and nested dictionaries, which any engine converts on.
    private static object ConvertObject(JsonElement value, Type type)
    {
        if (type == typeof(JsonObject) || type == typeof(JsonNode))
            return JsonNode.Parse(value.GetRawText())!.AsObject();
        if (type == typeof(ExpandoObject))
        {
            IDictionary<string, object?> expando = new ExpandoObject();
            foreach (var property in value.EnumerateObject())
                expando[property.Name] = Plain(property.Value);
            return expando;
        }

        return Plain(value)!;
    }

    private static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => value.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? (object)l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static string Expected(Type type) => KindOf(type) switch
    {
        ValueKind.String => type == typeof(string) ? "a string" : $"a string holding a {type.Name}",
        ValueKind.Integer => "a whole number",
        ValueKind.Number => "a number",
        ValueKind.Boolean => "true or false",
        ValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>The outcome of <see cref="ToolArguments.Bind"/>.</summary>
/// <param name="Values">The converted values by parameter name; null when there are errors.</param>
/// <param name="Errors">What is wrong, one entry per argument, each naming it.</param>
public sealed record ToolArgumentsResult(IReadOnlyDictionary<string, object?>? Values, IReadOnlyList<string> Errors)
{
    /// <summary>True when every argument was read.</summary>
    public bool Succeeded => Values is not null;
}
