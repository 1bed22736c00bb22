using System.Text.Json;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Compatibility.Tests.TestSupport;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Responses.Tests.Workflows;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Compatibility;

/// <summary>
/// The Create Response activity in a real Elsa workflow against llama.cpp's llama-server (issue 9 §1): each case whole
/// and streamed, the outcome it takes and the outputs the journal shows.
/// </summary>
[Trait("Category", "Compatibility")]
[Collection(LlamaServerCollection.Name)]
public sealed class LlamaActivityTests(LlamaServerFixture servers, ITestOutputHelper output)
{
    private const string Call = LlamaWorkflow.CallId;

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PlainText_Done_Hi(bool stream)
    {
        var run = await RunAsync(new LlamaWorkflow { Stream = stream });

        Assert.Equal(["Done"], run.Outcomes(Call));
        Assert.Equal("Hi!", run.Output(Call, "Text"));
        Assert.Equal("completed", run.Output(Call, "Status"));
        Assert.Equal("", run.Output(Call, "Reasoning"));
        Assert.Empty(ToolCalls(run));
        Assert.Null(run.Output(Call, "Error"));
        Assert.StartsWith("resp_", (string?)run.Output(Call, "ResponseId"));
        Assert.Equal("tiny", JsonDocument.Parse((string)run.Output(Call, "Response")!).RootElement.GetProperty("model").GetString());
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Usage_FourOutputTokens_TotalIsTheSum(bool stream)
    {
        var run = await RunAsync(new LlamaWorkflow { Stream = stream });

        var usage = Assert.IsType<ResponseUsage>(run.Output(Call, "Usage"));
        Assert.Equal(4, usage.OutputTokens);
        Assert.True(usage.InputTokens > 0, $"input tokens {usage.InputTokens}");
        Assert.Equal(usage.InputTokens + usage.OutputTokens, usage.TotalTokens);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Instructions_SameAnswer_OtherInputTokens(bool stream)
    {
        var plain = await RunAsync(new LlamaWorkflow { Stream = stream });
        var instructed = await RunAsync(new LlamaWorkflow { Stream = stream, Instructions = "You are a helpful assistant who answers briefly." });

        Assert.Equal(["Done"], instructed.Outcomes(Call));
        Assert.Equal("Hi!", instructed.Output(Call, "Text"));
        // A system message changes the prompt (llama.cpp counts input tokens after its chat template, so not necessarily up).
        Assert.NotEqual(Usage(plain).InputTokens, Usage(instructed).InputTokens);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stop_AtTheExclamationMark_Hi(bool stream)
    {
        var run = await RunAsync(new LlamaWorkflow { Stream = stream, Stop = ["!"] });

        Assert.Equal(["Done"], run.Outcomes(Call));
        Assert.Equal("Hi", run.Output(Call, "Text"));
        Assert.Equal("completed", run.Output(Call, "Status"));
    }

    // llama.cpp reports "completed" at max_output_tokens: the client infers the truncation (issue 9 §2).
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxOutputTokens_Incomplete_Inferred(bool stream)
    {
        var run = await RunAsync(new LlamaWorkflow { Stream = stream, MaxOutputTokens = 2 });

        Assert.Equal(["Incomplete"], run.Outcomes(Call));
        Assert.Equal("incomplete", run.Output(Call, "Status"));
        Assert.Equal("Hi", run.Output(Call, "Text"));
        Assert.Equal(2, Usage(run).OutputTokens);
        Assert.Equal("True", run.Record(Call).Payload!["IncompleteInferred"]?.ToString(), ignoreCase: true);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tools_Required_ToolCalls_GetWeatherParis(bool stream)
    {
        var run = await RunAsync(new LlamaWorkflow { Stream = stream, Tools = LlamaWorkflow.WeatherTools, ToolChoice = "required" });

        Assert.Equal(["Tool calls"], run.Outcomes(Call));
        var call = Assert.Single(ToolCalls(run));
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", JsonDocument.Parse(call.Arguments).RootElement.GetProperty("city").GetString());
        Assert.Equal("""{"city":"Paris"}""", call.Arguments);
        Assert.False(string.IsNullOrEmpty(call.CallId));

        // The Conversation ends with the function_call item, ready for a function_call_output.
        var conversation = JsonDocument.Parse((string)run.Output(Call, "Conversation")!).RootElement.EnumerateArray().ToList();
        Assert.Equal("function_call", conversation[^1].GetProperty("type").GetString());
        Assert.Equal(call.CallId, conversation[^1].GetProperty("call_id").GetString());
    }

    [CompatTheory]
    [InlineData(false, "auto")]
    [InlineData(true, "auto")]
    [InlineData(false, "none")]
    [InlineData(true, "none")]
    public async Task Tools_AutoOrNone_Done_NoCall(bool stream, string toolChoice)
    {
        var run = await RunAsync(new LlamaWorkflow { Stream = stream, Tools = LlamaWorkflow.WeatherTools, ToolChoice = toolChoice });

        Assert.Equal(["Done"], run.Outcomes(Call));
        Assert.Equal("Hi!", run.Output(Call, "Text"));
        Assert.Empty(ToolCalls(run));
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThinkingTemplate_Done_ReasoningOnly_EmptyText(bool stream)
    {
        var run = await RunAsync(new LlamaWorkflow { Stream = stream }, await servers.ThinkingAsync());

        Assert.Equal(["Done"], run.Outcomes(Call));
        Assert.Contains("Hi!", (string?)run.Output(Call, "Reasoning"));
        Assert.Equal("", run.Output(Call, "Text"));
        Assert.Empty(ToolCalls(run));
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InputItems_FunctionCallAndOutput_RoundTripped_Done(bool stream)
    {
        const string items = """
            [
              {"role":"user","content":"What is the weather in Paris?"},
              {"type":"function_call","call_id":"call_paris_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
              {"type":"function_call_output","call_id":"call_paris_1","output":"{\"city\":\"Paris\",\"temperature_c\":21}"}
            ]
            """;

        var run = await RunAsync(new LlamaWorkflow { Stream = stream, Input = items, Tools = LlamaWorkflow.WeatherTools });

        Assert.Equal(["Done"], run.Outcomes(Call));
        Assert.Equal("Hi!", run.Output(Call, "Text"));

        // The Conversation output of an item-list input is left out of the execution record by default (see
        // PersistedStateSizeTests); the record still shows that the server took the items and answered.
        Assert.Equal("completed", run.Output(Call, "Status"));
    }

    // The activity has no previous_response_id input: an over-long prompt is llama.cpp's other 400.
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OverLongPrompt_Failed_400_ExceedContextSize(bool stream)
    {
        var run = await RunAsync(new LlamaWorkflow { Stream = stream, Input = LlamaWorkflow.LongPrompt });

        Assert.Equal(["Failed"], run.Outcomes(Call));
        var error = Assert.IsType<ResponseFailure>(run.Output(Call, "Error"));
        Assert.Equal(400, error.Status);
        Assert.Equal("exceed_context_size_error", error.Type);
        Assert.Contains("exceeds the available context size (2048 tokens)", error.Message);
        Assert.Equal("failed", run.Output(Call, "Status"));
        Assert.Equal(error.Message, run.Record(Call).Payload!["Error"]);
    }

    [CompatTheory]
    [InlineData(false, LlamaWorkflow.WrongKeyConnection)]
    [InlineData(true, LlamaWorkflow.WrongKeyConnection)]
    [InlineData(false, LlamaWorkflow.NoKeyConnection)]
    [InlineData(true, LlamaWorkflow.NoKeyConnection)]
    public async Task KeyedServer_WrongOrMissingKey_Failed_401_KeyNowhere(bool stream, string connection)
    {
        var host = await LlamaWorkflow.StartHostAsync(output, await servers.PlainAsync(), await servers.KeyedAsync());

        var run = await new LlamaWorkflow { Stream = stream, Connection = connection }.RunAsync(host);

        SampleWorkflowRunTests.AssertFinished(run);
        Assert.Equal(["Failed"], run.Outcomes(Call));
        var error = Assert.IsType<ResponseFailure>(run.Output(Call, "Error"));
        Assert.Equal(401, error.Status);
        Assert.Equal("authentication_error", error.Type);
        Assert.Contains("Invalid API Key", error.Message);

        // The wrong key is nowhere: not in the outputs, the journal, the workflow state or the logs.
        var everything = string.Join('\n',
            JsonSerializer.Serialize(run.Records),
            JsonSerializer.Serialize(run.State),
            string.Join('\n', run.Console),
            string.Join('\n', host.Logs.GetSnapshot().Select(r => $"{r.Message} {r.Exception}")));
        Assert.Contains("Invalid API Key", everything);
        Assert.DoesNotContain(LlamaWorkflow.WrongKey, everything);
    }

    private async Task<SampleRun> RunAsync(LlamaWorkflow call, LlamaServer? server = null)
    {
        var host = await LlamaWorkflow.StartHostAsync(output, server ?? await servers.PlainAsync());
        var run = await call.RunAsync(host);
        SampleWorkflowRunTests.AssertFinished(run);
        return run;
    }

    private static IReadOnlyCollection<ToolCall> ToolCalls(SampleRun run) =>
        Assert.IsAssignableFrom<IReadOnlyCollection<ToolCall>>(run.Output(Call, "ToolCalls"));

    private static ResponseUsage Usage(SampleRun run) => Assert.IsType<ResponseUsage>(run.Output(Call, "Usage"));
}
