using System.Text.Json;
using Elsa.Responses.Cli.Tests.TestSupport;

namespace Elsa.Responses.Cli.Tests;

public sealed class TestRequestBodyTests : IDisposable
{
    private readonly FakeServer _server = new();

    [Fact]
    public async Task TestRequest_EveryFlag_MapsToItsWireField()
    {
        _server.RespondJson("completed.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl,
            "--model", "openai-gpt-oss-20b",
            "--input", """[{"role":"user","content":"Weather in Paris?"}]""",
            "--instructions", "Be brief.",
            "--temperature", "0.5",
            "--top-p", "0.9",
            "--max-output-tokens", "128",
            "--stop", "END", "--stop", "STOP",
            "--tools", Fixtures.PathOf("tools.json"),
            "--tool-choice", "get_weather",
            "--metadata", "ticket=T-1", "--metadata", "team=ops=blue",
            "--user", "user-7");

        Assert.True(run.ExitCode == 0, run.ToString());
        var body = _server.SingleRequestBody();
        Assert.Equal(
            ["input", "instructions", "max_output_tokens", "metadata", "model", "stop", "temperature", "tool_choice", "tools", "top_p", "user"],
            body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("openai-gpt-oss-20b", body.GetProperty("model").GetString());
        Assert.Equal("""[{"role":"user","content":"Weather in Paris?"}]""", body.GetProperty("input").GetRawText());
        Assert.Equal("Be brief.", body.GetProperty("instructions").GetString());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble());
        Assert.Equal(128, body.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("""["END","STOP"]""", body.GetProperty("stop").GetRawText());
        Assert.Equal("get_weather", body.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("""{"type":"function","name":"get_weather"}""", body.GetProperty("tool_choice").GetRawText());
        Assert.Equal("""{"ticket":"T-1","team":"ops=blue"}""", body.GetProperty("metadata").GetRawText());
        Assert.Equal("user-7", body.GetProperty("user").GetString());
    }

    [Fact]
    public async Task TestRequest_RequestFile_SendsItsFieldsWithFlagsOverridingThem()
    {
        _server.RespondJson("completed.json");
        var file = Fixtures.Write(
            """
            {
              "model": "from-file",
              "input": [{ "role": "user", "content": "From the file" }],
              "instructions": "File instructions.",
              "temperature": 1.5,
              "stop": "END",
              "tool_choice": { "type": "function", "name": "get_weather" },
              "tools": [{ "type": "function", "name": "get_weather", "parameters": { "type": "object" } }],
              "metadata": { "source": "file" },
              "parallel_tool_calls": false,
              "text": { "format": { "type": "text" } }
            }
            """);

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--request", file,
            "--model", "from-flag", "--temperature", "0.1");

        Assert.True(run.ExitCode == 0, run.ToString());
        var body = _server.SingleRequestBody();
        Assert.Equal("from-flag", body.GetProperty("model").GetString());
        Assert.Equal(0.1, body.GetProperty("temperature").GetDouble());
        Assert.Equal("""[{"role":"user","content":"From the file"}]""", body.GetProperty("input").GetRawText());
        Assert.Equal("File instructions.", body.GetProperty("instructions").GetString());
        Assert.Equal("END", body.GetProperty("stop").GetString());
        Assert.Equal("""{"type":"function","name":"get_weather"}""", body.GetProperty("tool_choice").GetRawText());
        Assert.Equal("""{"source":"file"}""", body.GetProperty("metadata").GetRawText());
        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.Equal("""{"format":{"type":"text"}}""", body.GetProperty("text").GetRawText());
    }

    [Fact]
    public async Task TestRequest_RequestFileWithStreamOptions_StreamsAndAsksForUsage()
    {
        _server.RespondSse("stream-completed.sse");
        var file = Fixtures.Write("""{ "model": "m", "input": "Hi", "stream": true, "stream_options": { "include_usage": true } }""");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--request", file, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var body = _server.SingleRequestBody();
        Assert.Equal("Hi", body.GetProperty("input").GetString());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("Hello, world", run.Json().GetProperty("text").GetString());
    }

    [Fact]
    public async Task TestRequest_RequestFileWithoutModelAndNoFlag_Exits2()
    {
        var file = Fixtures.Write("""{ "input": "Hi" }""");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--request", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("model is required", run.Stderr);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task TestRequest_RequestFileWithWrongFieldTypes_Exits2NamingEachField()
    {
        var file = Fixtures.Write("""{ "model": 7, "input": "Hi", "temperature": "hot", "metadata": { "n": 1 } }""");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--request", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("model must be a string", run.Stderr);
        Assert.Contains("temperature must be a number", run.Stderr);
        Assert.Contains("metadata['n'] must be a string", run.Stderr);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("[1, 2]", "must hold a JSON object")]
    public async Task TestRequest_RequestFileNotAnObject_Exits2(string content, string message)
    {
        var file = Fixtures.Write(content);

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--request", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public async Task TestRequest_MissingRequestFile_Exits2NamingTheFile()
    {
        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--request", "/nonexistent/request.json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("cannot read the --request file '/nonexistent/request.json'", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_InputStartingWithAt_IsSentAsTyped()
    {
        _server.RespondJson("completed.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "@channel hello");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("@channel hello", _server.SingleRequestBody().GetProperty("input").GetString());
    }

    public void Dispose() => _server.Dispose();
}
