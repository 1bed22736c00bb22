using System.Text.Json;
using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Client.Tests.Requests;

/// <summary>Issue 11: the shared input mapping reads OutputSchema, SchemaName, Strict and RepairAttempts.</summary>
public sealed class RequestInputMapperTests
{
    private static (ResponseRequest Request, IReadOnlyList<RequestInputError> Errors) Map(params (string Name, object? Value)[] inputs)
    {
        var values = inputs.ToDictionary(i => i.Name, i => i.Value);
        values.TryAdd(RequestInputNames.Model, "m");
        values.TryAdd(RequestInputNames.Input, "x");
        return RequestInputMapper.Map(name => values.GetValueOrDefault(name));
    }

    [Fact]
    public void No_output_schema_means_no_text_format()
    {
        var (request, errors) = Map();

        Assert.Empty(errors);
        Assert.Null(request.TextFormat);
    }

    [Theory]
    [InlineData(null, null, "output", true)]
    [InlineData("", "", "output", true)]
    [InlineData(" ticket ", false, "ticket", false)]
    [InlineData("ticket", "false", "ticket", false)]
    public void Output_schema_becomes_a_json_schema_format_with_name_and_strict(string? name, object? strict, string expectedName, bool expectedStrict)
    {
        var (request, errors) = Map((RequestInputNames.OutputSchema, """{"type":"object"}"""), (RequestInputNames.SchemaName, name), (RequestInputNames.Strict, strict));

        Assert.Empty(errors);
        var format = request.TextFormat!;
        Assert.Equal(TextFormatTypes.JsonSchema, format.Type);
        Assert.Equal(expectedName, format.Name);
        Assert.Equal(expectedStrict, format.Strict);
        Assert.Equal("""{"type":"object"}""", format.Schema!.Value.GetRawText());
    }

    [Fact]
    public void Output_schema_as_a_json_element_from_a_definition_is_read_too()
    {
        var (request, _) = Map((RequestInputNames.OutputSchema, JsonDocument.Parse("""{"type":"array"}""").RootElement));

        Assert.Equal("""{"type":"array"}""", request.TextFormat!.Schema!.Value.GetRawText());
    }

    [Fact]
    public void Output_schema_that_is_not_json_is_an_error_naming_the_input()
    {
        var (request, errors) = Map((RequestInputNames.OutputSchema, "{not json"));

        Assert.Equal([new RequestInputError("OutputSchema", "must be a JSON Schema object")], errors);
        Assert.Null(request.TextFormat);
    }

    [Theory]
    [InlineData(null, 1, null)]
    [InlineData("", 1, null)]
    [InlineData(0, 0, null)]
    [InlineData("3", 3, null)]
    [InlineData(-1, 0, "RepairAttempts: must be 0 or more")]
    [InlineData("many", 0, "RepairAttempts: 'many' is not a whole number")]
    public void Repair_attempts_default_to_one_and_must_be_zero_or_more(object? value, int expected, string? error)
    {
        var (attempts, problem) = RequestInputMapper.MapRepairAttempts(name => name == RequestInputNames.RepairAttempts ? value : null);

        Assert.Equal(expected, attempts);
        Assert.Equal(error, problem?.ToString());
    }
}
