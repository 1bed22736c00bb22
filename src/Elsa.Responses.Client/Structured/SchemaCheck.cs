using System.Text.Json;
using Elsa.Responses.Client.Results;
using Json.Schema;

namespace Elsa.Responses.Client.Structured;

// JsonSchema.Net, in the two places the client needs it: is a schema valid (and if not, where), and does an answer
// match it (and if not, every error with its JSON Pointer).
internal static class SchemaCheck
{
    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };
    private static readonly EvaluationOptions FlagOutput = new() { OutputFormat = OutputFormat.Flag };

    public static bool TryCompile(JsonElement schema, out JsonSchema? compiled, out string? problem)
    {
        compiled = null;
        problem = null;
        if (schema.ValueKind != JsonValueKind.Object)
        {
            problem = $"must be a JSON object, not {schema.ValueKind.ToString().ToLowerInvariant()}";
            return false;
        }

        try
        {
            // A fresh registry per schema: its $id and $refs stay its own.
            compiled = JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            // Resolve the root's references now, so an unresolvable $ref is a schema error, not a failed answer later.
            compiled.Evaluate(JsonDocument.Parse("null").RootElement, ListOutput);
            return true;
        }
        catch (Exception exception) when (exception is JsonSchemaException or ArgumentException or InvalidOperationException or JsonException
                                              or RefResolutionException or FormatException)
        {
            compiled = null;
            problem = $"is not a valid JSON Schema{Location(schema)}: {exception.Message}";
            return false;
        }
    }

    // The deepest place in the schema that its meta-schema objects to: where the mistake is.
    private static string Location(JsonElement schema)
    {
        try
        {
            var results = MetaSchemas.Draft202012.Evaluate(schema, ListOutput);
            var deepest = (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .Select(d => d.InstanceLocation.ToString())
                .OrderByDescending(l => l.Count(c => c == '/'))
                .FirstOrDefault();
            return string.IsNullOrEmpty(deepest) ? string.Empty : $" at {deepest}";
        }
        catch (Exception exception) when (exception is JsonSchemaException or RefResolutionException or InvalidOperationException)
        {
            return string.Empty;
        }
    }

    public static IReadOnlyList<SchemaError> Evaluate(JsonSchema schema, JsonElement answer)
    {
        EvaluationResults results;
        try
        {
            // Most answers pass: the pass/fail answer alone costs a fraction of the list of every node (see
            // docs/benchmarks.md), and only a failing answer needs its errors.
            if (schema.Evaluate(answer, FlagOutput).IsValid)
                return [];
            results = schema.Evaluate(answer, ListOutput);
        }
        catch (Exception exception) when (exception is JsonSchemaException or RefResolutionException or InvalidOperationException)
        {
            return [new SchemaError(string.Empty, $"the schema could not be applied: {exception.Message}")];
        }

        if (results.IsValid)
            return [];
        var errors = new List<SchemaError>();
        foreach (var detail in results.Details ?? [results])
            foreach (var (_, message) in detail.Errors ?? new Dictionary<string, string>())
                errors.Add(new SchemaError(detail.InstanceLocation.ToString(), message));
        foreach (var (_, message) in results.Errors ?? new Dictionary<string, string>())
            errors.Add(new SchemaError(results.InstanceLocation.ToString(), message));
        var distinct = errors.Distinct().ToList();
        return distinct.Count > 0 ? distinct : [new SchemaError(string.Empty, "the answer does not match the schema")];
    }
}
