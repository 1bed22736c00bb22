using Elsa.Responses.Cli.Tests.TestSupport;

namespace Elsa.Responses.Cli.Tests;

public sealed class DefinitionModeTests : IDisposable
{
    private static readonly string Definition = Fixtures.PathOf("weather-workflow.json");
    private readonly FakeServer _server = new();

    [Fact]
    public async Task TestRequest_ActivityWithLiteralInputs_SendsThemAsTheRequestBody()
    {
        _server.RespondJson("completed.json");

        var run = await CliProcess.RunAsync("test-request", "--definition", Definition, "--activity", "ask-literal", "--base-url", _server.BaseUrl, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var body = _server.SingleRequestBody();
        Assert.Equal(
            ["input", "instructions", "max_output_tokens", "metadata", "model", "stop", "temperature", "tool_choice", "tools", "top_p", "user"],
            body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("openai-gpt-oss-20b", body.GetProperty("model").GetString());
        Assert.Equal("What is the weather in Paris?", body.GetProperty("input").GetString());
        Assert.Equal("Answer in one sentence.", body.GetProperty("instructions").GetString());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble());
        Assert.Equal(256, body.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("""["END","STOP"]""", body.GetProperty("stop").GetRawText());
        Assert.Equal("get_weather", body.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("auto", body.GetProperty("tool_choice").GetString());
        Assert.Equal("""{"ticket":"T-42"}""", body.GetProperty("metadata").GetRawText());
        Assert.Equal("user-7", body.GetProperty("user").GetString());
        Assert.Equal("Let me check the weather in Paris.", run.Json().GetProperty("text").GetString());
    }

    [Fact]
    public async Task TestRequest_ActivityByNameWithConnectionFile_UsesTheFileBaseUrlAndFlagOverrides()
    {
        _server.RespondJson("completed.json");
        var connection = Fixtures.Write($$"""{ "baseUrl": "{{_server.BaseUrl}}" }""");

        var run = await CliProcess.RunAsync("test-request", "--definition", Definition, "--activity", "CreateResponse1",
            "--connection-file", connection, "--temperature", "1", "--stop", "DONE");

        Assert.True(run.ExitCode == 0, run.ToString());
        var body = _server.SingleRequestBody();
        Assert.Equal(1, body.GetProperty("temperature").GetDouble());
        Assert.Equal("DONE", body.GetProperty("stop").GetString());
        Assert.Equal("openai-gpt-oss-20b", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task TestRequest_ActivityWithExpressionInputs_Exits2NamingEachInputAndSendsNothing()
    {
        _server.RespondJson("completed.json");

        var run = await CliProcess.RunAsync("test-request", "--definition", Definition, "--activity", "ask-expressions", "--base-url", _server.BaseUrl);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("input 'model' of activity 'ask-expressions' is a JavaScript expression", run.Stderr);
        Assert.Contains("input 'input' of activity 'ask-expressions' is a Variable expression", run.Stderr);
        Assert.Contains("needs an Elsa server", run.Stderr);
        Assert.Contains("Studio's Test tab", run.Stderr);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task TestRequest_ExpressionInputsGivenAsFlags_SendsWithTheActivityLiterals()
    {
        _server.RespondSse("stream-completed.sse");

        var run = await CliProcess.RunAsync("test-request", "--definition", Definition, "--activity", "ask-expressions", "--base-url", _server.BaseUrl,
            "--model", "m", "--input", "Is it raining?", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var body = _server.SingleRequestBody();
        Assert.Equal("m", body.GetProperty("model").GetString());
        Assert.Equal("Is it raining?", body.GetProperty("input").GetString());
        Assert.Equal("Be brief.", body.GetProperty("instructions").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        // An empty literal is unset, and the designer's own "metadata" is not the metadata input.
        Assert.False(body.TryGetProperty("temperature", out _));
        Assert.False(body.TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task TestRequest_MetadataInputUnderItsPlainName_IsSentAsMetadata()
    {
        _server.RespondJson("completed.json");
        var definition = Fixtures.Write(
            """
            {
              "root": {
                "type": "Elsa.Flowchart", "id": "root",
                "activities": [{
                  "id": "ask", "type": "Elsa.Responses.CreateResponse",
                  "model": { "typeName": "String", "expression": { "type": "Literal", "value": "m" } },
                  "input": { "typeName": "Object", "expression": { "type": "Literal", "value": "[{\"role\":\"user\",\"content\":\"Hi\"}]" } },
                  "metadata": { "typeName": "StringDictionary", "expression": { "type": "Literal", "value": "{\"k\":\"v\"}" } }
                }]
              }
            }
            """);

        var run = await CliProcess.RunAsync("test-request", "--definition", definition, "--activity", "ask", "--base-url", _server.BaseUrl);

        Assert.True(run.ExitCode == 0, run.ToString());
        var body = _server.SingleRequestBody();
        Assert.Equal("""{"k":"v"}""", body.GetProperty("metadata").GetRawText());
        // A JSON array literal is a list of input items, as the activity reads it.
        Assert.Equal("""[{"role":"user","content":"Hi"}]""", body.GetProperty("input").GetRawText());
    }

    [Fact]
    public async Task TestRequest_UnknownActivity_Exits2ListingTheCreateResponseActivities()
    {
        var run = await CliProcess.RunAsync("test-request", "--definition", Definition, "--activity", "nope", "--base-url", _server.BaseUrl);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("has no activity 'nope'", run.Stderr);
        Assert.Contains("ask-literal (CreateResponse1)", run.Stderr);
        Assert.Contains("ask-expressions (CreateResponse2)", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_ActivityOfAnotherType_Exits2()
    {
        var run = await CliProcess.RunAsync("test-request", "--definition", Definition, "--activity", "start", "--base-url", _server.BaseUrl);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("is a Elsa.Start, not an Elsa.Responses.CreateResponse", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_DefinitionWithoutBaseUrl_Exits2NamingTheActivityConnection()
    {
        var run = await CliProcess.RunAsync("test-request", "--definition", Definition, "--activity", "ask-literal");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--base-url is required", run.Stderr);
        Assert.Contains("connection 'digitalocean'", run.Stderr);
    }

    [Theory]
    [InlineData("--definition", "weather-workflow.json")]
    [InlineData("--activity", "ask-literal")]
    public async Task TestRequest_DefinitionOrActivityAlone_Exits2(string flag, string value)
    {
        var run = await CliProcess.RunAsync("test-request", flag, value == "weather-workflow.json" ? Definition : value, "--base-url", _server.BaseUrl);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(flag == "--definition" ? "--definition needs --activity" : "--activity needs --definition", run.Stderr);
    }

    public void Dispose() => _server.Dispose();
}
