using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Structured;
using Json.Schema;

namespace Elsa.Responses.Benchmarks.Structured;

/// <summary>
/// What checking a structured answer costs, against parsing it: a 10 KB answer and a 30-property schema
/// (<see cref="StructuredData"/>). The schema is compiled once, as <see cref="TextFormat"/> does in production; its
/// compilation is a row of its own.
/// </summary>
public class StructuredValidationBenchmarks
{
    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    private string _answer = null!;
    private ResponseResult _valid = null!;
    private ResponseResult _invalid = null!;
    private TextFormat _format = null!;
    private JsonSchema _schema = null!;
    private JsonElement _schemaJson;
    private JsonElement _value;

    [GlobalSetup]
    public void Setup()
    {
        _answer = StructuredData.Answer();
        var invalid = StructuredData.Answer(invalid: true);
        using (var schema = JsonDocument.Parse(StructuredData.Schema))
            _schemaJson = schema.RootElement.Clone();
        _format = TextFormat.JsonSchema("order", _schemaJson);
        _schema = _format.CompiledSchema ?? throw new InvalidOperationException("structured: the schema does not compile.");
        _valid = new ResponseResult { Status = ResponseStatus.Completed, Text = _answer };
        _invalid = new ResponseResult { Status = ResponseStatus.Completed, Text = invalid };
        Console.WriteLine($"// structured: answer {Encoding.UTF8.GetByteCount(_answer):N0} bytes, " +
                          $"{_schemaJson.GetProperty("properties").EnumerateObject().Count()} properties in the schema");

        // The rows must measure what they say: the valid answer passes, the invalid one fails with each of its errors.
        if (!JsonAnswerReader.TryRead(_answer, out _value, out var problem))
            throw new InvalidOperationException($"structured: the answer is not read: {problem}");
        var passed = CheckValid();
        if (passed.Json is null || passed.SchemaErrors.Count > 0)
            throw new InvalidOperationException($"structured: the valid answer fails: {string.Join("; ", passed.SchemaErrors)}");
        var failed = CheckInvalid();
        string[] expected = ["/status", "/quantity", "/comment", "/lines/49/sku", "/history/12/event"];
        if (failed.Json is not null || !failed.SchemaErrors.Select(e => e.Path).Order().SequenceEqual(expected.Order()))
            throw new InvalidOperationException($"structured: the invalid answer's errors are not its five mistakes: " +
                                                string.Join("; ", failed.SchemaErrors));
        Console.WriteLine($"// structured: the invalid answer's errors: {string.Join("; ", failed.SchemaErrors)}");
        if (Parse() == 0 || !EvaluateList() || Read().ValueKind != JsonValueKind.Object || !Compile())
            throw new InvalidOperationException("structured: a row did nothing.");
    }

    [Benchmark(Baseline = true, Description = "Parse alone: JsonDocument.Parse")]
    public int Parse()
    {
        using var document = JsonDocument.Parse(_answer);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark(Description = "Read: JsonAnswerReader")]
    public JsonElement Read() => JsonAnswerReader.TryRead(_answer, out var value, out _) ? value : default;

    [Benchmark(Description = "Schema evaluation alone (value already read)")]
    public int Evaluate() => SchemaCheck.Evaluate(_schema, _value).Count;

    // What SchemaCheck.Evaluate did for every answer before it asked for the flag output first.
    [Benchmark(Description = "List output alone (the evaluation before flag-first)")]
    public bool EvaluateList() => _schema.Evaluate(_value, ListOutput).IsValid;

    [Benchmark(Description = "Check, valid: read + evaluation")]
    public ResponseResult CheckValid() => StructuredAnswer.Check(_valid, _format);

    [Benchmark(Description = "Check, invalid: read + evaluation + 5 errors")]
    public ResponseResult CheckInvalid() => StructuredAnswer.Check(_invalid, _format);

    [Benchmark(Description = "Compile the schema (once per format)")]
    public bool Compile() => SchemaCheck.TryCompile(_schemaJson, out _, out _);
}
