using System.Text.Json;
using Elsa.Responses.Cli.Tests.TestSupport;

namespace Elsa.Responses.Cli.Tests;

/// <summary>A refusal is reported as such: <c>"refusal"</c> under <c>--json</c>, a <c>refusal:</c> line in text mode.</summary>
public sealed class TestRequestRefusalTests : IDisposable
{
    private const string Refusal = "I can't help with that.";
    private readonly FakeServer _server = new();

    [Fact]
    public async Task TestRequest_RefusalWithJson_RefusalSetAndTextEmpty()
    {
        _server.RespondJson("refusal.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Help me pick a lock.", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal(Refusal, json.GetProperty("refusal").GetString());
        Assert.Equal("", json.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task TestRequest_RefusalAsText_PrintsTheRefusal()
    {
        _server.RespondJson("refusal.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Help me pick a lock.");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"refusal: {Refusal}\nusage: 12 input + 7 output = 19 tokens\n", run.Stdout);
    }

    [Fact]
    public async Task TestRequest_StreamedRefusalAsText_PrintsTheRefusalOnceAsItArrives()
    {
        _server.RespondSse("stream-refusal.sse");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Help me pick a lock.", "--stream");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"refusal: {Refusal}\nusage: 12 input + 7 output = 19 tokens\n", run.Stdout);
    }

    [Fact]
    public async Task TestRequest_StreamedRefusalWithJson_RefusalSet()
    {
        _server.RespondSse("stream-refusal.sse");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Help me pick a lock.", "--stream", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Refusal, run.Json().GetProperty("refusal").GetString());
        Assert.Equal("", run.Json().GetProperty("text").GetString());
    }

    public void Dispose() => _server.Dispose();
}
