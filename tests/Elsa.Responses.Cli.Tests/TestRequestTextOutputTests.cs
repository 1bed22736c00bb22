using Elsa.Responses.Cli.Tests.TestSupport;

namespace Elsa.Responses.Cli.Tests;

public sealed class TestRequestTextOutputTests : IDisposable
{
    private readonly FakeServer _server = new();

    [Fact]
    public async Task TestRequest_Stream_PrintsTheStreamedTextThenToolCallsAndUsage()
    {
        _server.RespondSse("stream-completed.sse");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--stream", "--include-usage");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            """
            Hello, world
            tool call call_1: get_weather {"city":"Paris"}
            usage: 10 input + 8 output = 18 tokens

            """.ReplaceLineEndings("\n"),
            run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_Stream_SendsStreamAndIncludeUsageAndAsksForEvents()
    {
        _server.RespondSse("stream-completed.sse");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--stream", "--include-usage");

        Assert.True(run.ExitCode == 0, run.ToString());
        var body = _server.SingleRequestBody();
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Contains("text/event-stream", _server.Requests[0].RequestMessage!.Headers!["Accept"].ToString());
    }

    [Fact]
    public async Task TestRequest_WithoutStream_PrintsReasoningThenTextThenToolCallsAndUsage()
    {
        _server.RespondJson("completed.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            """
            reasoning: The user wants the weather.
            Let me check the weather in Paris.
            tool call call_abc: get_weather {"city":"Paris"}
            usage: 42 input + 17 output = 59 tokens

            """.ReplaceLineEndings("\n"),
            run.Stdout);
        Assert.False(_server.SingleRequestBody().TryGetProperty("stream", out _));
    }

    [Fact]
    public async Task TestRequest_StreamRequestedButServerAnswersWithJson_PrintsTheTextOnce()
    {
        _server.RespondJson("completed-no-usage.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--stream");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Bonjour, ça va ?\n", run.Stdout);
    }

    public void Dispose() => _server.Dispose();
}
