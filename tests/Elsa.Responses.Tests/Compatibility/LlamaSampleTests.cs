using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Compatibility.Tests.TestSupport;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Responses.Tests.Workflows;
using Elsa.Workflows.Activities.Flowchart.Models;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Compatibility;

/// <summary>
/// The samples summarize.json and tool-loop.json, imported and run as they are by Elsa's runtime against llama-server
/// (the module's default connection, which the samples use): they finish, and their last step writes the answer.
/// </summary>
[Trait("Category", "Compatibility")]
[Collection(LlamaServerCollection.Name)]
public sealed class LlamaSampleTests(LlamaServerFixture servers, ITestOutputHelper output)
{
    [CompatTheory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Summarize_Done_AndTheNextStepWritesTheAnswer(FlowchartExecutionMode mode)
    {
        var host = await LlamaWorkflow.StartHostAsync(output, await servers.PlainAsync());

        var run = await SampleRun.RunAsync(host, "summarize.json", mode);

        SampleWorkflowRunTests.AssertFinished(run);
        Assert.Equal(["Done"], run.Outcomes("summarize-call"));
        Assert.Equal("completed", run.Output("summarize-call", "Status"));
        Assert.Equal("Hi!", run.StringVariable("summary-var"));
        Assert.True(run.Ran("write-summary"));
        Assert.False(run.Ran("write-truncated"));
        Assert.False(run.Ran("write-failure"));
        Assert.Equal(["Hi!"], run.Console);
    }

    // The sample offers get_weather with tool_choice auto; the tiny model never calls a tool then, so the run takes the
    // "no tool needed" branch, as a real model answering directly would.
    [CompatTheory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task ToolLoop_AsShipped_Done_DirectAnswerWritten(FlowchartExecutionMode mode)
    {
        var host = await LlamaWorkflow.StartHostAsync(output, await servers.PlainAsync());

        var run = await SampleRun.RunAsync(host, "tool-loop.json", mode);

        SampleWorkflowRunTests.AssertFinished(run);
        Assert.Equal(["Done"], run.Outcomes("tool-call"));
        Assert.True(run.Ran("set-direct-answer"));
        Assert.False(run.Ran("final-call"));
        Assert.False(run.Ran("write-failure"));
        Assert.True(run.Ran("write-answer"));
        Assert.Equal("Hi!", run.StringVariable("answer-var"));
        Assert.Equal(["Hi!"], run.Console);
    }

    // The tool branch, which auto never reaches with this model: a copy of the sample (samples/ is unchanged) whose first
    // call sends tool_choice "required" and the server's tools.json (get_weather with city limited to "Paris"). With the
    // sample's own tools (city: any string) the grammar lets the tiny model ramble until its token limit, the arguments are
    // cut-off JSON, and the sample's JSON.parse(call.Arguments) faults the workflow. llama.cpp calls get_weather, the
    // JavaScript step answers the call with a function_call_output appended to the Conversation, and the second call (the
    // sample's tools offered, auto) ends Done.
    [CompatTheory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task ToolLoop_WithToolChoiceRequired_TakesTheToolBranch_AndEndsDone(FlowchartExecutionMode mode)
    {
        var host = await LlamaWorkflow.StartHostAsync(output, await servers.PlainAsync());
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(SamplePaths.Workflow("tool-loop.json")))!;
        var firstCall = sample["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "tool-call")!;
        firstCall["toolChoice"]!["expression"]!["value"] = "required";
        firstCall["tools"]!["expression"]!["value"] = LlamaWorkflow.WeatherTools;

        var run = await LlamaWorkflow.RunAsync(host, sample, mode);

        Assert.True(run.State.Incidents.Count == 0, string.Join("; ", run.State.Incidents.Select(i => i.Message))
            + " | tool calls: " + JsonSerializer.Serialize(run.Output("tool-call", "ToolCalls")));
        SampleWorkflowRunTests.AssertFinished(run);
        Assert.Equal(["Tool calls"], run.Outcomes("tool-call"));
        Assert.True(run.Ran("build-tool-output"));
        Assert.Equal(["Done"], run.Outcomes("final-call"));
        Assert.False(run.Ran("set-direct-answer"));
        Assert.False(run.Ran("write-failure"));
        Assert.Equal("Hi!", run.StringVariable("answer-var"));
        Assert.Equal(["Hi!"], run.Console);

        // The second call's input: the user message, the model's answer and function_call, then the tool's output.
        var next = JsonDocument.Parse(run.StringVariable("next-input-var")!).RootElement.EnumerateArray().ToList();
        var call = next.Single(i => i.TryGetProperty("type", out var t) && t.GetString() == "function_call");
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.Equal("""{"city":"Paris"}""", call.GetProperty("arguments").GetString());
        var answer = next[^1];
        Assert.Equal("function_call_output", answer.GetProperty("type").GetString());
        Assert.Equal(call.GetProperty("call_id").GetString(), answer.GetProperty("call_id").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(answer.GetProperty("output").GetString()!).RootElement.GetProperty("city").GetString());
    }
}
