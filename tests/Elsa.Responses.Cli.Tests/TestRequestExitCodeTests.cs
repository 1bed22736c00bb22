using System.Text.Json;
using Elsa.Responses.Cli.Tests.TestSupport;

namespace Elsa.Responses.Cli.Tests;

public sealed class TestRequestExitCodeTests : IDisposable
{
    private readonly FakeServer _server = new();

    [Fact]
    public async Task TestRequest_RequestBreaksValidationRules_Exits2WithEveryMessageAndSendsNothing()
    {
        _server.RespondJson("completed.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--input", "Hi",
            "--temperature", "3", "--top-p", "1.5", "--include-usage");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("model is required", run.Stderr);
        Assert.Contains("temperature must be between 0 and 2", run.Stderr);
        Assert.Contains("top_p must be between 0 and 1", run.Stderr);
        Assert.Contains("stream_options.include_usage requires stream to be true", run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("--temperature", "warm", "--temperature must be a number")]
    [InlineData("--max-output-tokens", "lots", "--max-output-tokens must be a whole number")]
    [InlineData("--metadata", "no-equals-sign", "--metadata 'no-equals-sign' must be key=value")]
    [InlineData("--tools", "/nonexistent/tools.json", "cannot read the --tools file '/nonexistent/tools.json'")]
    [InlineData("--input", "[{\"role\":", "input looks like a JSON array but is not valid JSON")]
    [InlineData("--unknown-flag", "x", "Unrecognized command or argument '--unknown-flag'")]
    public async Task TestRequest_BadFlagValue_Exits2WithMessageAndSendsNothing(string flag, string value, string message)
    {
        _server.RespondJson("completed.json");

        string[] input = flag == "--input" ? [] : ["--input", "Hi"];

        var run = await CliProcess.RunAsync(["test-request", "--base-url", _server.BaseUrl, "--model", "m", .. input, flag, value]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Stderr);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com")]
    public async Task TestRequest_BadBaseUrl_Exits2(string baseUrl)
    {
        var run = await CliProcess.RunAsync("test-request", "--base-url", baseUrl, "--model", "m", "--input", "Hi");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("must be an absolute http or https URL", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_NoBaseUrl_Exits2NamingTheFlag()
    {
        var run = await CliProcess.RunAsync("test-request", "--model", "m", "--input", "Hi");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--base-url is required", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_InvalidInputWithJson_PrintsTheObjectWithTheErrorAndMessagesOnStderr()
    {
        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--input", "Hi", "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("model is required", run.Stderr);
        var json = run.Json();
        Assert.Equal(JsonValueKind.Null, json.GetProperty("status").ValueKind);
        var error = json.GetProperty("error");
        Assert.Equal("invalid_input", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("status").ValueKind);
        Assert.Contains("model is required", error.GetProperty("message").GetString());
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task TestRequest_IncompleteResponse_Exits3WithThePartialText()
    {
        _server.RespondJson("incomplete.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--json");

        Assert.True(run.ExitCode == 3, run.ToString());
        var json = run.Json();
        Assert.Equal("incomplete", json.GetProperty("status").GetString());
        Assert.Equal("The weather in Par", json.GetProperty("text").GetString());
        Assert.Equal(17, json.GetProperty("usage").GetProperty("total_tokens").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task TestRequest_IncompleteResponseAsText_Exits3AndSaysWhyOnStderr()
    {
        _server.RespondJson("incomplete.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.StartsWith("The weather in Par\n", run.Stdout);
        Assert.Contains("max_output_tokens", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_Unauthorized_Exits4WithTheHttpError()
    {
        _server.RespondJson("error-401.json", status: 401);

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--json");

        Assert.True(run.ExitCode == 4, run.ToString());
        var json = run.Json();
        Assert.Equal("failed", json.GetProperty("status").GetString());
        var error = json.GetProperty("error");
        Assert.Equal(["status", "type", "code", "message"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(401, error.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.StartsWith("Incorrect API key provided", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task TestRequest_ServerErrorAsText_Exits4WithTheErrorOnStderr()
    {
        _server.Respond(500, "application/json", """{"error":{"message":"the model crashed","type":"server_error"}}""");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("HTTP 500", run.Stderr);
        Assert.Contains("the model crashed", run.Stderr);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task TestRequest_TransientFailureWithRetries_RetriesThroughTheClientPipelineAndCompletes()
    {
        _server.RespondAfterOneFailure(503, "completed-no-usage.json");

        var run = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["ELSA_RESPONSES_MAX_RETRIES"] = "1" },
            "test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task TestRequest_BadRetriesVariable_Exits2()
    {
        var run = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["ELSA_RESPONSES_MAX_RETRIES"] = "many" },
            "test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("ELSA_RESPONSES_MAX_RETRIES must be a whole number from 0 to 10", run.Stderr);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task TestRequest_ConnectionRefused_Exits4WithAConnectionError()
    {
        var run = await CliProcess.RunAsync("test-request", "--base-url", FakeServer.ClosedBaseUrl(), "--model", "m", "--input", "Hi", "--json");

        Assert.True(run.ExitCode == 4, run.ToString());
        var error = run.Json().GetProperty("error");
        Assert.Equal(JsonValueKind.Null, error.GetProperty("status").ValueKind);
        Assert.Equal("connection_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TestRequest_StreamEndsEarly_Exits4AndKeepsThePartialText()
    {
        _server.RespondSse("stream-cut.sse");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--stream", "--json");

        Assert.True(run.ExitCode == 4, run.ToString());
        var json = run.Json();
        Assert.Equal("Partial answer", json.GetProperty("text").GetString());
        Assert.Equal("resp_cut", json.GetProperty("response_id").GetString());
        Assert.Equal("stream_ended_early", json.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task TestRequest_StreamEndsEarlyAsText_PrintsThePartialTextThenTheError()
    {
        _server.RespondSse("stream-cut.sse");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--stream");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Equal("Partial answer\n", run.Stdout);
        Assert.Contains("error: The stream ended before a terminal response event", run.Stderr);
    }

    [Fact]
    public async Task Run_NoCommand_Exits2()
    {
        var run = await CliProcess.RunAsync();

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Required command was not provided", run.Stderr);
    }

    public void Dispose() => _server.Dispose();
}
