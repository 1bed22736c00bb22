using System.Dynamic;
using Elsa.Responses.Client.Agents;

namespace Elsa.Responses.Client.Tests.Agents;

/// <summary>Issue 10 §2: arguments are parsed, converted to the parameters' types and validated, with errors the model can act on.</summary>
public sealed class ToolArgumentsTests
{
    private static readonly ToolParameter[] Booking =
    [
        new("name", typeof(string)),
        new("guests", typeof(int)),
        new("budget", typeof(decimal)),
        new("ratio", typeof(double)),
        new("outdoor", typeof(bool)),
        new("dishes", typeof(string[])),
        new("counts", typeof(ICollection<int>)),
        new("preferences", typeof(object)),
        new("extras", typeof(ExpandoObject)),
        new("tags", typeof(Dictionary<string, string>)),
        new("when", typeof(DateTimeOffset)),
        new("seats", typeof(int?)),
    ];

    [Fact]
    public void Values_of_each_type_are_converted()
    {
        var result = ToolArguments.Bind(
            """{"name":"Ada","guests":4,"budget":35.50,"ratio":0.25,"outdoor":true,"dishes":["soup","pie"],"counts":[1,2],"preferences":{"quiet":true,"level":2,"notes":["a"]},"extras":{"cake":"yes"},"tags":{"vip":"yes"},"when":"2026-12-24T19:00:00+01:00","seats":null}""",
            Booking);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var v = result.Values!;
        Assert.Equal("Ada", v["name"]);
        Assert.Equal(4, v["guests"]);
        Assert.Equal(35.50m, v["budget"]);
        Assert.Equal(0.25, v["ratio"]);
        Assert.Equal(true, v["outdoor"]);
        Assert.Equal(new[] { "soup", "pie" }, v["dishes"]);
        Assert.Equal(new[] { 1, 2 }, Assert.IsAssignableFrom<ICollection<int>>(v["counts"]));
        var preferences = Assert.IsType<Dictionary<string, object?>>(v["preferences"]);
        Assert.Equal(true, preferences["quiet"]);
        Assert.Equal(2L, preferences["level"]);
        Assert.Equal(new List<object?> { "a" }, preferences["notes"]);
        Assert.Equal("yes", ((IDictionary<string, object?>)Assert.IsType<ExpandoObject>(v["extras"]))["cake"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 19, 0, 0, TimeSpan.FromHours(1)), v["when"]);
        Assert.Null(v["seats"]);
    }

    [Theory]
    [InlineData("""{"guests":"four"}""", "'guests' must be a whole number, not the string \"four\"")]
    [InlineData("""{"guests":2.5}""", "'guests' must be a whole number, not the number 2.5")]
    [InlineData("""{"guests":3000000000}""", "'guests' is out of range for Int32")]
    [InlineData("""{"name":42}""", "'name' must be a string, not the number 42")]
    [InlineData("""{"outdoor":"yes"}""", "'outdoor' must be true or false, not the string \"yes\"")]
    [InlineData("""{"dishes":"soup"}""", "'dishes' must be an array, not the string \"soup\"")]
    [InlineData("""{"counts":[1,"x"]}""", "'counts' item 1 must be a whole number, not the string \"x\"")]
    [InlineData("""{"preferences":[1]}""", "'preferences' must be an object, not an array")]
    [InlineData("""{"guests":null}""", "'guests' must be a whole number, not null")]
    [InlineData("""{"when":"tomorrow"}""", "'when' must be a string holding a DateTimeOffset, not \"tomorrow\"")]
    [InlineData("""{"town":"Paris"}""", "'town' is not an argument of this tool (expected: name, guests, budget, ratio, outdoor, dishes, counts, preferences, extras, tags, when, seats)")]
    [InlineData("""[1,2]""", "the arguments must be a JSON object, not an array")]
    public void Wrong_values_are_reported_by_argument(string json, string expected)
    {
        var result = ToolArguments.Bind(json, Booking);

        Assert.False(result.Succeeded);
        Assert.Null(result.Values);
        Assert.Equal([expected], result.Errors);
    }

    [Fact]
    public void Invalid_json_is_reported_and_every_bad_argument_is_listed()
    {
        Assert.StartsWith("the arguments are not valid JSON", Assert.Single(ToolArguments.Bind("{\"name\":", Booking).Errors));
        Assert.Equal(2, ToolArguments.Bind("""{"name":1,"guests":"x"}""", Booking).Errors.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("{}")]
    public void No_arguments_bind_to_no_values(string? json)
    {
        var result = ToolArguments.Bind(json, Booking);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Values!);
    }

    [Fact]
    public void Argument_names_match_exactly_first_then_ignoring_case() =>
        Assert.Equal("Ada", ToolArguments.Bind("""{"NAME":"Ada"}""", Booking).Values!["name"]);
}
