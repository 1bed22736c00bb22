using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Requests;

/// <summary>The body the server received, compared character by character with the documented wire format.</summary>
public sealed class RequestBodyTests
{
    private static readonly JsonElement WeatherSchema =
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement;

    [Fact]
    public async Task CreateAsync_MinimalRequest_SendsOnlyModelAndInput()
    {
        var entry = await FakeServer.CaptureAsync(new ResponseRequest { Model = "test-model", Input = "Say hello." });

        Assert.Equal("""{"model":"test-model","input":"Say hello."}""", entry.Body);
    }

    [Fact]
    public async Task CreateAsync_EveryFieldSet_SendsEveryFieldInDocumentedShape()
    {
        var request = new ResponseRequest
        {
            Model = "gpt-test",
            Input = ResponseInput.FromItems([InputItem.Message("user", "Hi")]),
            Instructions = "Be brief.",
            Stream = true,
            IncludeUsage = true,
            Stop = ["END", "STOP"],
            Temperature = 0.7,
            TopP = 0.9,
            MaxOutputTokens = 256,
            Tools = [ResponseTool.Function("get_weather", "Gets the weather.", WeatherSchema)],
            ToolChoice = ToolChoice.Function("get_weather"),
            Metadata = new Dictionary<string, string> { ["trace"] = "t-1", ["tenant"] = "acme" },
            User = "user-42",
            AdditionalProperties = new JsonObject { ["parallel_tool_calls"] = false, ["text"] = new JsonObject { ["format"] = new JsonObject { ["type"] = "json_object" } } },
        };

        var entry = await FakeServer.CaptureAsync(request);

        Assert.Equal(
            """{"model":"gpt-test","input":[{"type":"message","role":"user","content":"Hi"}],"instructions":"Be brief.","stream":true,"stream_options":{"include_usage":true},"stop":["END","STOP"],"temperature":0.7,"top_p":0.9,"max_output_tokens":256,"tools":[{"type":"function","name":"get_weather","description":"Gets the weather.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],"tool_choice":{"type":"function","name":"get_weather"},"metadata":{"trace":"t-1","tenant":"acme"},"user":"user-42","parallel_tool_calls":false,"text":{"format":{"type":"json_object"}}}""",
            entry.Body);
    }

    [Theory]
    [InlineData(new[] { "END" }, """ "stop":"END" """)]
    [InlineData(new[] { "END", "STOP", "###" }, """ "stop":["END","STOP","###"] """)]
    public async Task CreateAsync_StopSequences_OneAsStringSeveralAsArray(string[] stop, string expectedField)
    {
        var entry = await FakeServer.CaptureAsync(new ResponseRequest { Model = "m", Input = "x", Stop = stop });

        Assert.Equal("""{"model":"m","input":"x",""" + expectedField.Trim() + "}", entry.Body);
    }

    public static TheoryData<string, string> ToolChoices() => new()
    {
        { "auto", "\"auto\"" },
        { "none", "\"none\"" },
        { "required", "\"required\"" },
        { "f", """{"type":"function","name":"f"}""" },
        { """{"type":"function","name":"f"}""", """{"type":"function","name":"f"}""" },
        { """{"type":"function","function":{"name":"f"}}""", """{"type":"function","function":{"name":"f"}}""" },
        { """{"type":"allowed_tools","mode":"auto","tools":[{"type":"function","name":"f"}]}""", """{"type":"allowed_tools","mode":"auto","tools":[{"type":"function","name":"f"}]}""" },
    };

    [Theory]
    [MemberData(nameof(ToolChoices))]
    public async Task CreateAsync_ToolChoice_SentInTheFormGiven(string typed, string expectedJson)
    {
        var request = new ResponseRequest { Model = "m", Input = "x", Tools = [ResponseTool.Function("f")], ToolChoice = ToolChoice.Parse(typed) };

        var entry = await FakeServer.CaptureAsync(request);

        Assert.Equal("""{"model":"m","input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":""" + expectedJson + "}", entry.Body);
    }

    [Fact]
    public async Task CreateAsync_NestedFunctionChoiceInCode_SentInDigitalOceanForm()
    {
        var request = new ResponseRequest { Model = "m", Input = "x", Tools = [ResponseTool.Function("f")], ToolChoice = ToolChoice.Function("f", ToolChoiceFunctionStyle.Nested) };

        var entry = await FakeServer.CaptureAsync(request);

        Assert.Equal("""{"model":"m","input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"function","function":{"name":"f"}}}""", entry.Body);
    }

    [Fact]
    public async Task CreateAsync_InputItemsWithFunctionCallOutput_SentAsItemList()
    {
        var request = new ResponseRequest
        {
            Model = "m",
            Input = ResponseInput.FromItems(
            [
                InputItem.Message("user", "Weather in Paris?"),
                InputItem.FunctionCall("call_1", "get_weather", "{}"),
                InputItem.FunctionCallOutput("call_1", "21 C"),
                InputItem.FromJson(JsonDocument.Parse("""{"type":"reasoning","id":"rs_1","summary":[]}""").RootElement),
            ]),
        };

        var entry = await FakeServer.CaptureAsync(request);

        Assert.Equal(
            """{"model":"m","input":[{"type":"message","role":"user","content":"Weather in Paris?"},{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{}"},{"type":"function_call_output","call_id":"call_1","output":"21 C"},{"type":"reasoning","id":"rs_1","summary":[]}]}""",
            entry.Body);
    }

    [Fact]
    public async Task CreateAsync_QuotesAndNonAsciiInStrings_ArriveAsTheSameText()
    {
        const string arguments = """{"city":"São Paulo"}""";
        var request = new ResponseRequest { Model = "m", Input = ResponseInput.FromItems([InputItem.FunctionCall("c", "f", arguments), InputItem.Message("user", "Olá 👋")]) };

        var entry = await FakeServer.CaptureAsync(request);

        using var body = JsonDocument.Parse(entry.Body);
        Assert.Equal(arguments, body.RootElement.GetProperty("input")[0].GetProperty("arguments").GetString());
        Assert.Equal("Olá 👋", body.RootElement.GetProperty("input")[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task CreateAsync_AdditionalProperties_MergedAtTopLevelAfterTypedFields()
    {
        var request = new ResponseRequest
        {
            Model = "m",
            Input = "x",
            AdditionalProperties = new JsonObject { ["reasoning"] = new JsonObject { ["effort"] = "low" }, ["truncation"] = "auto", ["store"] = null },
        };

        var entry = await FakeServer.CaptureAsync(request);

        Assert.Equal("""{"model":"m","input":"x","reasoning":{"effort":"low"},"truncation":"auto","store":null}""", entry.Body);
    }

    [Fact]
    public async Task CreateAsync_EmptyStopAndMetadata_Omitted()
    {
        var request = new ResponseRequest { Model = "m", Input = "x", Stop = [], Metadata = new Dictionary<string, string>(), IncludeUsage = null };

        var entry = await FakeServer.CaptureAsync(request);

        Assert.Equal("""{"model":"m","input":"x"}""", entry.Body);
    }

    [Theory]
    [InlineData(true, null, """{"model":"m","input":"x","stream":true}""")]
    [InlineData(true, true, """{"model":"m","input":"x","stream":true,"stream_options":{"include_usage":true}}""")]
    [InlineData(true, false, """{"model":"m","input":"x","stream":true,"stream_options":{"include_usage":false}}""")]
    [InlineData(false, false, """{"model":"m","input":"x"}""")]
    public async Task CreateAsync_IncludeUsage_SentOnlyWithStream(bool stream, bool? includeUsage, string expected)
    {
        var entry = await FakeServer.CaptureAsync(new ResponseRequest { Model = "m", Input = "x", Stream = stream, IncludeUsage = includeUsage });

        Assert.Equal(expected, entry.Body);
    }

    [Fact]
    public async Task StreamAsync_IncludeUsageWithoutStreamFlag_SendsIncludeUsageBecauseStreamIsForcedOn()
    {
        await using var server = FakeServer.Json(FakeServer.CompletedBody);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        await host.Client.StreamAsync(new ResponseRequest { Model = "m", Input = "x", IncludeUsage = true }).ToListAsync();

        var entry = Assert.Single(server.Requests);
        Assert.Equal("""{"model":"m","input":"x","stream":true,"stream_options":{"include_usage":true}}""", entry.Body);
    }
}
