using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Cli.Tests.TestSupport;
using Elsa.Responses.Compatibility.Tests.TestSupport;

namespace Elsa.Responses.Compatibility.Tests;

/// <summary>The real <c>elsa-responses</c> process against llama-server: exit codes and the <c>--json</c> object.</summary>
[Collection(LlamaServerCollection.Name)]
public sealed class CliTests(LlamaServerFixture servers)
{
    private const string WrongKey = "wrong-key-7c41e9";

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PlainText_Exit0WithHiCompleted(bool stream)
    {
        var run = await TestRequestAsync(await servers.PlainAsync(), stream);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("Hi!", json.GetProperty("text").GetString());
        Assert.Equal("", json.GetProperty("reasoning").GetString());
        Assert.Empty(json.GetProperty("tool_calls").EnumerateArray());
        Assert.StartsWith("resp_", json.GetProperty("response_id").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PlainText_TextMode_PrintsHiAndUsage(bool stream)
    {
        var server = await servers.PlainAsync();

        var run = await CliProcess.RunAsync(["test-request", "--base-url", server.BaseUrl, "--model", "tiny", "--input", "hi", .. Stream(stream)]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("Hi!\n", run.Stdout);
        Assert.Matches(@"usage: \d+ input \+ 4 output = \d+ tokens", run.Stdout);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Usage_FourOutputTokensAndTotalIsTheSum(bool stream)
    {
        var run = await TestRequestAsync(await servers.PlainAsync(), stream);

        Assert.True(run.ExitCode == 0, run.ToString());
        var usage = run.Json().GetProperty("usage");
        var input = usage.GetProperty("input_tokens").GetInt64();
        Assert.Equal(4, usage.GetProperty("output_tokens").GetInt64());
        Assert.True(input > 0, run.ToString());
        Assert.Equal(input + 4, usage.GetProperty("total_tokens").GetInt64());
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Instructions_SameAnswerMoreInputTokens(bool stream)
    {
        var server = await servers.PlainAsync();

        var without = await TestRequestAsync(server, stream);
        var with = await TestRequestAsync(server, stream, "--instructions", "You are a terse assistant. Answer in one word.");

        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.Equal("Hi!", with.Json().GetProperty("text").GetString());
        Assert.NotEqual(InputTokens(without), InputTokens(with));
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stop_CutsTheAnswer(bool stream)
    {
        var run = await TestRequestAsync(await servers.PlainAsync(), stream, "--stop", "!");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Hi", run.Json().GetProperty("text").GetString());
        Assert.Equal("completed", run.Json().GetProperty("status").GetString());
    }

    // llama.cpp reports "completed"; the CLI infers the truncation and exits 3 (issue 9 §2).
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxOutputTokens_Truncated_Exit3IncompleteInferred(bool stream)
    {
        var run = await TestRequestAsync(await servers.PlainAsync(), stream, "--max-output-tokens", "2");

        Assert.True(run.ExitCode == 3, run.ToString());
        var json = run.Json();
        Assert.Equal("Hi", json.GetProperty("text").GetString());
        Assert.Equal("incomplete", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("incomplete_inferred").GetBoolean(), run.ToString());
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxOutputTokens_NotReached_Exit0NotInferred(bool stream)
    {
        var run = await TestRequestAsync(await servers.PlainAsync(), stream, "--max-output-tokens", "100");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("completed", run.Json().GetProperty("status").GetString());
        Assert.False(run.Json().GetProperty("incomplete_inferred").GetBoolean(), run.ToString());
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InputItems_FunctionCallAndItsOutput_Exit0WithHi(bool stream)
    {
        var server = await servers.PlainAsync();
        const string items = """
            [{"role":"user","content":"What is the weather in Paris?"},
             {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
             {"type":"function_call_output","call_id":"call_1","output":"{\"temperature\":21}"}]
            """;

        var run = await CliProcess.RunAsync(["test-request", "--base-url", server.BaseUrl, "--model", "tiny", "--input", items,
            "--tools", LlamaServerLocation.PathOf("tools.json"), "--json", .. Stream(stream)]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Hi!", run.Json().GetProperty("text").GetString());
        Assert.Empty(run.Json().GetProperty("tool_calls").EnumerateArray());
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolChoiceRequired_ToolCallGetWeatherForParis(bool stream)
    {
        var run = await WeatherRequestAsync(stream, "required");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("completed", json.GetProperty("status").GetString());
        var call = Assert.Single(json.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.StartsWith("call_", call.GetProperty("call_id").GetString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"city":"Paris"}"""), JsonNode.Parse(call.GetProperty("arguments").GetString()!)), run.ToString());
    }

    [CompatTheory]
    [InlineData(false, "auto")]
    [InlineData(true, "auto")]
    [InlineData(false, "none")]
    [InlineData(true, "none")]
    public async Task ToolChoiceAutoOrNone_NoToolCall(bool stream, string choice)
    {
        var run = await WeatherRequestAsync(stream, choice);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Hi!", run.Json().GetProperty("text").GetString());
        Assert.Empty(run.Json().GetProperty("tool_calls").EnumerateArray());
    }

    // llama.cpp ignores a named tool_choice (it logs "Wrong type" and acts as auto): the CLI warns (issue 9 §2).
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NamedToolChoiceIgnoredByTheServer_Warns(bool stream)
    {
        var run = await WeatherRequestAsync(stream, "get_weather");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Empty(json.GetProperty("tool_calls").EnumerateArray());
        var warning = Assert.Single(json.GetProperty("warnings").EnumerateArray());
        Assert.Contains("get_weather", warning.GetString());
        Assert.Contains("warning: ", run.Stderr);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThinkingTemplate_ReasoningOnly(bool stream)
    {
        var run = await TestRequestAsync(await servers.ThinkingAsync(), stream);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Contains("Hi!", json.GetProperty("reasoning").GetString());
        Assert.Equal("", json.GetProperty("text").GetString());
    }

    // Text mode prints the reasoning, when there is any, before the text (issue 9 §2).
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThinkingTemplate_TextMode_PrintsTheReasoning(bool stream)
    {
        var server = await servers.ThinkingAsync();

        var run = await CliProcess.RunAsync(["test-request", "--base-url", server.BaseUrl, "--model", "tiny", "--input", "hi", .. Stream(stream)]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Hi!", run.Stdout);
    }

    [CompatFact]
    public async Task Models_ListsTiny()
    {
        var server = await servers.PlainAsync();

        var run = await CliProcess.RunAsync("models", "--base-url", server.BaseUrl);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("tiny", run.Stdout.Split('\n', StringSplitOptions.TrimEntries));
    }

    [CompatFact]
    public async Task Models_KeyedServerWithWrongKey_Exit4()
    {
        var server = await servers.KeyedAsync();

        var run = await CliProcess.RunAsync(new Dictionary<string, string?> { ["ELSA_RESPONSES_API_KEY"] = WrongKey }, "models", "--base-url", server.BaseUrl);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("401", run.Stderr);
        Assert.DoesNotContain(WrongKey, run.Stdout + run.Stderr);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PreviousResponseIdInARequestFile_Exit4With400(bool stream)
    {
        var server = await servers.PlainAsync();
        var file = RequestFile("""{"model":"tiny","input":"hi","previous_response_id":"resp_from_another_server"}""");

        var run = await CliProcess.RunAsync(["test-request", "--base-url", server.BaseUrl, "--request", file, "--json", .. Stream(stream)]);

        Assert.True(run.ExitCode == 4, run.ToString());
        var error = run.Json().GetProperty("error");
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("llama.cpp does not support 'previous_response_id'.", error.GetProperty("message").GetString());
    }

    // Text mode's "error: …" line: the status once, not "HTTP 400 (BadRequest): 400: …" (issue 9 §2).
    [CompatFact]
    public async Task PreviousResponseId_TextMode_ErrorLineDoesNotRepeatTheStatus()
    {
        var server = await servers.PlainAsync();
        var file = RequestFile("""{"model":"tiny","input":"hi","previous_response_id":"resp_from_another_server"}""");

        var run = await CliProcess.RunAsync("test-request", "--base-url", server.BaseUrl, "--request", file);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("HTTP 400 (BadRequest): invalid_request_error: llama.cpp does not support 'previous_response_id'.", run.Stderr);
    }

    [CompatTheory]
    [InlineData(false, WrongKey)]
    [InlineData(true, WrongKey)]
    [InlineData(false, null)]
    [InlineData(true, null)]
    public async Task KeyedServer_WrongOrMissingKey_Exit4With401(bool stream, string? key)
    {
        var server = await servers.KeyedAsync();

        var run = await TestRequestAsync(server, stream, new Dictionary<string, string?> { ["ELSA_RESPONSES_API_KEY"] = key });

        Assert.True(run.ExitCode == 4, run.ToString());
        var error = run.Json().GetProperty("error");
        Assert.Equal(401, error.GetProperty("status").GetInt32());
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal("Invalid API Key", error.GetProperty("message").GetString());
        Assert.DoesNotContain(WrongKey, run.Stdout + run.Stderr);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KeyedServer_RightKey_Exit0(bool stream)
    {
        var server = await servers.KeyedAsync();

        var run = await TestRequestAsync(server, stream, new Dictionary<string, string?> { ["ELSA_RESPONSES_API_KEY"] = LlamaServerFixture.ApiKey });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Hi!", run.Json().GetProperty("text").GetString());
    }

    // A one-letter key must not mask that letter in the server's error (issue 9 §2). The plain server ignores the key.
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ShortKey_ErrorTypeIsNotMangled(bool stream)
    {
        var server = await servers.PlainAsync();

        var run = await CliProcess.RunAsync(new Dictionary<string, string?> { ["ELSA_RESPONSES_API_KEY"] = "x" },
            ["test-request", "--base-url", server.BaseUrl, "--model", "tiny", "--input", ClientErrorTests.LongPrompt, "--json", .. Stream(stream)]);

        Assert.True(run.ExitCode == 4, run.ToString());
        var error = run.Json().GetProperty("error");
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.Equal("exceed_context_size_error", error.GetProperty("type").GetString());
        Assert.Contains("exceeds the available context size", error.GetProperty("message").GetString());
    }

    private static Task<CliRun> TestRequestAsync(LlamaServer server, bool stream, params string[] extra) =>
        TestRequestAsync(server, stream, new Dictionary<string, string?>(), extra);

    private static Task<CliRun> TestRequestAsync(LlamaServer server, bool stream, IReadOnlyDictionary<string, string?> environment, params string[] extra) =>
        CliProcess.RunAsync(environment, ["test-request", "--base-url", server.BaseUrl, "--model", "tiny", "--input", "hi", "--json", .. Stream(stream), .. extra]);

    // The plain server, with the tools of its tools.json.
    private async Task<CliRun> WeatherRequestAsync(bool stream, string toolChoice) =>
        await TestRequestAsync(await servers.PlainAsync(), stream, "--tools", LlamaServerLocation.PathOf("tools.json"), "--tool-choice", toolChoice);

    private static string[] Stream(bool stream) => stream ? ["--stream"] : [];

    private static long InputTokens(CliRun run) => run.Json().GetProperty("usage").GetProperty("input_tokens").GetInt64();

    private static string RequestFile(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), "elsa-responses-compat-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }
}
