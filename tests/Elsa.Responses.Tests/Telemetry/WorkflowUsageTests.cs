using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Telemetry;
using Elsa.Responses.Services;
using Elsa.Responses.Tests.TestSupport;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Telemetry;

/// <summary>
/// Issue 12 §1 and §4 on real Elsa: the token totals a workflow instance keeps (per model, calls included), the
/// connection's per-instance budget, and Run Agent's invoke_agent and execute_tool spans around its model calls.
/// </summary>
public sealed class WorkflowUsageTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task An_agent_run_adds_every_model_call_to_the_instances_totals()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}"""),
            ResponseBodies.Completed("Sunny."));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        await host.ImportAsync(SamplePaths.Workflow("tools/get-weather.json"));

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-usage", AgentWorkflow.Inputs("Weather?", "responses-tool-get-weather")));

        var totals = UsageTotals.FromJson(run.State.Properties[WorkflowUsage.PropertyName].ToString());
        // ToolCall: 80 in, 20 out; Completed: 42 in, 17 out.
        Assert.Equal(new ModelUsage(122, 37, 159, 2), Assert.Single(totals.Models, m => m.Key == ResponseBodies.Model).Value);
        Assert.Equal(159, totals.TotalTokens);
        Assert.Equal(2, totals.Calls);
        var json = JsonDocument.Parse(run.State.Properties[WorkflowUsage.PropertyName].ToString()!).RootElement;
        Assert.Equal(159, json.GetProperty("totalTokens").GetInt64());
        Assert.Equal(2, json.GetProperty("models").GetProperty(ResponseBodies.Model).GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task A_call_that_would_start_past_the_instances_budget_fails_and_sends_nothing()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}"""),
            ResponseBodies.Completed("Sunny."));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl, responses => responses.AddConnection("budgeted", c =>
        {
            c.BaseUrl = _server.BaseUrl;
            c.ApiKey = FakeResponsesServer.ApiKey;
            c.MaxRetryAttempts = 0;
            c.MaxTokensPerWorkflowInstance = 100;
        }));
        await host.ImportAsync(SamplePaths.Workflow("tools/get-weather.json"));
        var inputs = AgentWorkflow.Inputs("Weather?", "responses-tool-get-weather");
        inputs["connection"] = AgentWorkflow.Literal("String", "budgeted");

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-instance-budget", inputs));

        // The first call used 100 tokens: the instance is at its budget, so the second is not sent.
        Assert.Equal(["Failed"], run.Outcomes);
        Assert.Single(_server.ResponseRequests);
        var error = run.Output("Error");
        Assert.Equal("budget_exceeded", error.GetProperty("Type").GetString());
        Assert.Contains("has used 100 tokens, and its connection allows 100", error.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task Run_Agent_has_an_invoke_agent_span_around_its_chat_and_execute_tool_spans()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ResponsesTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_spans", "get_weather", """{"city":"Oslo"}"""),
            ResponseBodies.Completed("Sunny."));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        await host.ImportAsync(SamplePaths.Workflow("tools/get-weather.json"));

        await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-spans", AgentWorkflow.Inputs("Weather in Oslo?", "responses-tool-get-weather")));

        var tool = Assert.Single(spans, s => Equals(s.GetTagItem("gen_ai.tool.call.id"), "call_spans"));
        var agent = Assert.Single(spans, s => s.SpanId == tool.ParentSpanId);
        Assert.Equal("invoke_agent Agent", agent.DisplayName);
        Assert.Equal("invoke_agent", agent.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("Agent", agent.GetTagItem("gen_ai.agent.name"));
        Assert.Equal("Done", agent.GetTagItem("elsa.responses.outcome"));
        Assert.Equal("execute_tool get_weather", tool.DisplayName);
        Assert.Equal("execute_tool", tool.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("get_weather", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("function", tool.GetTagItem("gen_ai.tool.type"));
        Assert.Equal("Completed", tool.GetTagItem("elsa.responses.tool.status"));
        var chats = spans.Where(s => s.ParentSpanId == agent.SpanId && s.DisplayName == $"chat {ResponseBodies.Model}").ToList();
        Assert.Equal(2, chats.Count);
        Assert.All(chats, c => Assert.Equal(ActivityKind.Client, c.Kind));
    }
}
