using System.Text.RegularExpressions;
using Elsa.Responses.Client.Agents;

namespace Elsa.Responses.Client.Tests.Agents;

/// <summary>Issue 10 §2: a workflow's name becomes a function name the wire accepts (^[a-zA-Z0-9_-]{1,64}$), unique.</summary>
public sealed class FunctionToolNamesTests
{
    private static readonly Regex Wire = new("^[a-zA-Z0-9_-]{1,64}$");

    [Theory]
    [InlineData("Get weather", "get_weather")]
    [InlineData("get_weather", "get_weather")]
    [InlineData("Approve refund", "approve_refund")]
    [InlineData("  Book a table (v2)! ", "book_a_table_v2")]
    [InlineData("Météo (EU)", "meteo_eu")]
    [InlineData("send-e-mail", "send-e-mail")]
    [InlineData("Übersicht/Änderungen", "ubersicht_anderungen")]
    [InlineData("天气", "tool")]
    [InlineData("", "tool")]
    [InlineData(null, "tool")]
    public void Title_becomes_a_lower_case_name_of_words_joined_by_underscores(string? title, string expected)
    {
        var name = FunctionToolNames.FromTitle(title);

        Assert.Equal(expected, name);
        Assert.Matches(Wire, name);
    }

    [Fact]
    public void Long_title_is_cut_to_64_characters()
    {
        var name = FunctionToolNames.FromTitle(string.Join(" ", Enumerable.Repeat("lookup", 20)));

        Assert.Matches(Wire, name);
        Assert.Equal(62, name.Length);
        Assert.EndsWith("lookup", name);
    }

    [Fact]
    public void Names_already_taken_or_repeated_get_a_numbered_suffix()
    {
        var names = FunctionToolNames.Assign(["Get weather", "get weather", "Lookup order", "GET-WEATHER"], ["lookup_order"]);

        Assert.Equal(["get_weather", "get_weather_2", "lookup_order_2", "get-weather"], names);
    }

    [Fact]
    public void Suffix_keeps_a_64_character_name_within_64()
    {
        var title = new string('a', 80);

        var names = FunctionToolNames.Assign([title, title], []);

        Assert.Equal(new string('a', 64), names[0]);
        Assert.Equal(new string('a', 62) + "_2", names[1]);
        Assert.All(names, n => Assert.Matches(Wire, n));
    }
}
