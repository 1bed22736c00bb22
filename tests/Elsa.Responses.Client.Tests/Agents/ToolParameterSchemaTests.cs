using System.Dynamic;
using System.Text.Json.Nodes;
using Elsa.Responses.Client.Agents;

namespace Elsa.Responses.Client.Tests.Agents;

/// <summary>Issue 10 §2: the JSON Schema of a tool's parameters, from the parameters' .NET types.</summary>
public sealed class ToolParameterSchemaTests
{
    [Theory]
    [InlineData(typeof(string), "string")]
    [InlineData(typeof(int), "integer")]
    [InlineData(typeof(long), "integer")]
    [InlineData(typeof(short), "integer")]
    [InlineData(typeof(int?), "integer")]
    [InlineData(typeof(double), "number")]
    [InlineData(typeof(float), "number")]
    [InlineData(typeof(decimal), "number")]
    [InlineData(typeof(bool), "boolean")]
    [InlineData(typeof(object), "object")]
    [InlineData(typeof(ExpandoObject), "object")]
    [InlineData(typeof(JsonObject), "object")]
    [InlineData(typeof(Dictionary<string, string>), "object")]
    [InlineData(typeof(IDictionary<string, object>), "object")]
    [InlineData(typeof(string[]), "array")]
    [InlineData(typeof(List<int>), "array")]
    [InlineData(typeof(ICollection<string>), "array")]
    [InlineData(typeof(DateTimeOffset), "string")]
    [InlineData(typeof(Guid), "string")]
    public void Each_type_maps_to_its_json_type(Type type, string expected) =>
        Assert.Equal(expected, ToolParameterSchema.JsonTypeOf(type));

    [Fact]
    public void Schema_lists_parameters_in_order_with_descriptions_and_allows_no_others()
    {
        var schema = ToolParameterSchema.For([
            new ToolParameter("city", typeof(string), "The city."),
            new ToolParameter("days", typeof(int)),
            new ToolParameter("hours", typeof(int[]), "  "),
            new ToolParameter("matrix", typeof(List<double[]>), "Rows."),
        ]);

        Assert.Equal(
            """{"type":"object","properties":{"city":{"type":"string","description":"The city."},"days":{"type":"integer"},"hours":{"type":"array","items":{"type":"integer"}},"matrix":{"type":"array","items":{"type":"array","items":{"type":"number"}},"description":"Rows."}},"additionalProperties":false}""",
            schema.GetRawText());
    }

    [Fact]
    public void No_parameters_give_an_empty_object_schema() =>
        Assert.Equal("""{"type":"object","properties":{},"additionalProperties":false}""", ToolParameterSchema.For([]).GetRawText());
}
