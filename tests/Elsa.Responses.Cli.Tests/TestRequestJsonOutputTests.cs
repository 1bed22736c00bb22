using System.Text.Json;
using Elsa.Responses.Cli.Tests.TestSupport;

namespace Elsa.Responses.Cli.Tests;

public sealed class TestRequestJsonOutputTests : IDisposable
{
    private static readonly string[] ReportKeys = ["status", "text", "reasoning", "refusal", "tool_calls", "usage", "response_id", "incomplete_inferred", "warnings", "error",
        "json", "attempts", "schema_errors"];
    private readonly FakeServer _server = new();

    [Fact]
    public async Task TestRequest_CompletedWithJson_PrintsExactlyTheReportKeysAndValues()
    {
        _server.RespondJson("completed.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Weather in Paris?", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.Stdout.Trim().Split('\n'));
        var json = run.Json();
        Assert.Equal(ReportKeys, json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("Let me check the weather in Paris.", json.GetProperty("text").GetString());
        Assert.Equal("The user wants the weather.", json.GetProperty("reasoning").GetString());
        Assert.Equal("resp_123", json.GetProperty("response_id").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("refusal").ValueKind);
        Assert.False(json.GetProperty("incomplete_inferred").GetBoolean());
        Assert.Empty(json.GetProperty("warnings").EnumerateArray());
        // No schema was asked for: nothing to read as JSON, one request.
        Assert.Equal(JsonValueKind.Null, json.GetProperty("json").ValueKind);
        Assert.Equal(1, json.GetProperty("attempts").GetInt32());
        Assert.Empty(json.GetProperty("schema_errors").EnumerateArray());

        var call = Assert.Single(json.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal(["call_id", "name", "arguments"], call.EnumerateObject().Select(p => p.Name));
        Assert.Equal("call_abc", call.GetProperty("call_id").GetString());
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.Equal("""{"city":"Paris"}""", call.GetProperty("arguments").GetString());

        var usage = json.GetProperty("usage");
        Assert.Equal(["input_tokens", "output_tokens", "total_tokens"], usage.EnumerateObject().Select(p => p.Name));
        Assert.Equal(42, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(17, usage.GetProperty("output_tokens").GetInt64());
        Assert.Equal(59, usage.GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public async Task TestRequest_ResponseWithoutUsage_PrintsUsageNullAndReadableText()
    {
        _server.RespondJson("completed-no-usage.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(JsonValueKind.Null, json.GetProperty("usage").ValueKind);
        Assert.Empty(json.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("", json.GetProperty("reasoning").GetString());
        Assert.Equal("Bonjour, ça va ?", json.GetProperty("text").GetString());
        // Not \u-escaped: the object is meant to be read as well as parsed.
        Assert.Contains("ça va", run.Stdout);
    }

    [Fact]
    public async Task TestRequest_StreamWithJson_PrintsOnlyTheObjectWithTheAggregatedText()
    {
        _server.RespondSse("stream-completed.sse");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", "--stream", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("Hello, world", json.GetProperty("text").GetString());
        Assert.Equal("resp_stream", json.GetProperty("response_id").GetString());
        Assert.Equal(18, json.GetProperty("usage").GetProperty("total_tokens").GetInt64());
        Assert.Equal("call_1", Assert.Single(json.GetProperty("tool_calls").EnumerateArray()).GetProperty("call_id").GetString());
    }

    public void Dispose() => _server.Dispose();
}
