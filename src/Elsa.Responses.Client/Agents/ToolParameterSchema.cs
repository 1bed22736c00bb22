using System.Collections;
using System.Dynamic;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Responses.Client.Agents;

/// <summary>
/// The JSON Schema of a function tool's <c>parameters</c>, made from typed parameters: strings (and dates, times,
/// GUIDs, URIs, enums) → <c>string</c>; integers → <c>integer</c>; <see cref="double"/>, <see cref="float"/> and
/// <see cref="decimal"/> → <c>number</c>; <see cref="bool"/> → <c>boolean</c>; dictionaries and other objects →
/// <c>object</c>; arrays and collections → <c>array</c> with the element's schema as <c>items</c>. Each description
/// becomes the property's description. No property is required (callers' parameters carry no such flag) and no other
/// property is allowed.
/// </summary>
public static class ToolParameterSchema
{
    /// <summary>The <c>parameters</c> object for <paramref name="parameters"/>, in their order.</summary>
    public static JsonElement For(IEnumerable<ToolParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var properties = new JsonObject();
        foreach (var parameter in parameters)
        {
            var property = SchemaOf(parameter.Type);
            if (!string.IsNullOrWhiteSpace(parameter.Description))
                property["description"] = parameter.Description;
            properties[parameter.Name] = property;
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema, AgentJsonContext.Default.JsonObject);
    }

    /// <summary>The JSON type a .NET type is described as: string, integer, number, boolean, object or array.</summary>
    internal static string JsonTypeOf(Type type) => KindOf(type) switch
    {
        ValueKind.String => "string",
        ValueKind.Integer => "integer",
        ValueKind.Number => "number",
        ValueKind.Boolean => "boolean",
        ValueKind.Array => "array",
        _ => "object",
    };

    internal static ValueKind KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(char) || type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
            || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan) || type == typeof(Uri) || type.IsEnum)
            return ValueKind.String;
        if (type == typeof(bool))
            return ValueKind.Boolean;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
            || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(BigInteger))
            return ValueKind.Integer;
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return ValueKind.Number;
        if (IsDictionary(type) || type == typeof(object) || type == typeof(ExpandoObject) || type == typeof(JsonObject))
            return ValueKind.Object;
        if (ElementTypeOf(type) is not null || type == typeof(JsonArray))
            return ValueKind.Array;
        return ValueKind.Object;
    }

    // The element type of an array or a generic collection; null for anything else (strings and dictionaries included).
    internal static Type? ElementTypeOf(Type type)
    {
        if (type == typeof(string) || IsDictionary(type))
            return null;
        if (type.IsArray)
            return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        if (enumerable is not null)
            return enumerable.GetGenericArguments()[0];
        return typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(JsonArray) && type != typeof(JsonObject) ? typeof(object) : null;
    }

    private static bool IsDictionary(Type type) =>
        typeof(IDictionary).IsAssignableFrom(type)
        || (type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)))
        || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));

    private static JsonObject SchemaOf(Type type)
    {
        var schema = new JsonObject { ["type"] = JsonTypeOf(type) };
        if (KindOf(type) == ValueKind.Array && ElementTypeOf(Nullable.GetUnderlyingType(type) ?? type) is { } element)
            schema["items"] = SchemaOf(element);
        return schema;
    }

    internal enum ValueKind
    {
        String,
        Integer,
        Number,
        Boolean,
        Object,
        Array,
    }
}
