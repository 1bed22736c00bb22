using System.Text.Json;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Structured;

// Checks a completed answer against the requested text.format: the JSON value read from the text, then the schema.
internal static class StructuredAnswer
{
    public static ResponseResult Check(ResponseResult result, TextFormat format)
    {
        if (!JsonAnswerReader.TryRead(result.Text, out var value, out var problem))
            return result with { Json = null, SchemaErrors = [new SchemaError(string.Empty, problem!)] };

        IReadOnlyList<SchemaError> errors = format.Type == TextFormatTypes.JsonObject
            ? value.ValueKind == JsonValueKind.Object ? [] : [new SchemaError(string.Empty, $"the answer is a JSON {value.ValueKind.ToString().ToLowerInvariant()}, not an object")]
            : format.CompiledSchema is { } schema ? SchemaCheck.Evaluate(schema, value) : [new SchemaError(string.Empty, "the schema is not valid")];
        return errors.Count == 0 ? result with { Json = value, SchemaErrors = [] } : result with { Json = null, SchemaErrors = errors };
    }
}
