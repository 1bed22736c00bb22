using System.Text.Json;
using Elsa.Common.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Filters;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Filters;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Agents;

/// <summary>
/// Issue 10 §3 and §5: each model call and each tool run is a journal entry (the workflow execution log Studio's
/// instance viewer shows), and the key is nowhere in what a run leaves: the agent's and the tool's instances, the
/// activity records (Steps included), the journal and the logs, even when the server echoes it in an error.
/// </summary>
public sealed class RunAgentJournalAndKeyTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Journal_has_an_entry_per_model_call_and_per_tool_run_in_order()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}""", id: "resp_1"),
            ResponseBodies.Completed("Sunny.", id: "resp_2"));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        await host.ImportAsync(SamplePaths.Workflow("tools/get-weather.json"));

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-journal", AgentWorkflow.Inputs("Weather?", "responses-tool-get-weather")));

        var log = await host.Services.GetRequiredService<IWorkflowExecutionLogStore>()
            .FindManyAsync(new WorkflowExecutionLogRecordFilter { WorkflowInstanceId = run.State.Id, ActivityId = AgentWorkflow.ActivityId }, PageArgs.All);
        var entries = log.Items.OrderBy(e => e.Sequence).Where(e => e.EventName is "Model call" or "Tool run").Select(e => (e.EventName, e.Message)).ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal(("Model call", "Model call 1: completed, calls get_weather, 100 tokens"), entries[0]);
        Assert.Equal("Tool run", entries[1].EventName);
        Assert.StartsWith("get_weather (call_ams): Completed in ", entries[1].Message);
        Assert.Equal(("Model call", "Model call 2: completed, 59 tokens"), entries[2]);
    }

    [Fact]
    public async Task Key_echoed_by_the_server_is_nowhere_in_what_an_agent_run_leaves()
    {
        _server.RespondInTurns(
            (ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}"""), 200),
            (ResponseBodies.InvalidApiKey(FakeResponsesServer.ApiKey), 401));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        await host.ImportAsync(SamplePaths.Workflow("tools/get-weather.json"));

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-key", AgentWorkflow.Inputs("Weather?", "responses-tool-get-weather")));

        Assert.Equal(["Failed"], run.Outcomes);
        Assert.Equal(401, run.Output("Error").GetProperty("Status").GetInt32());
        Assert.Equal(2, _server.AuthorizationHeaders.Count(h => h == $"Bearer {FakeResponsesServer.ApiKey}"));
        var places = await PlacesAsync(host);
        var leaks = places.Where(p => KeyForms.Found(p.Value)).Select(p => p.Key).ToList();
        Assert.True(leaks.Count == 0, $"The key appears in: {string.Join(", ", leaks)}.");
        Assert.All(places, p => Assert.False(string.IsNullOrWhiteSpace(p.Value), $"Nothing was captured from {p.Key}."));
        Assert.Contains("get_weather", places["activity execution records"]);
    }

    private static async Task<Dictionary<string, string>> PlacesAsync(ElsaTestHost host)
    {
        var services = host.Services;
        var serializer = services.GetRequiredService<IPayloadSerializer>();
        var instances = (await services.GetRequiredService<IWorkflowInstanceStore>().FindManyAsync(new WorkflowInstanceFilter())).ToList();
        Assert.Equal(2, instances.Count);
        var records = (await services.GetRequiredService<IActivityExecutionStore>().FindManyAsync(new ActivityExecutionRecordFilter())).ToList();
        var log = await services.GetRequiredService<IWorkflowExecutionLogStore>().FindManyAsync(new WorkflowExecutionLogRecordFilter(), PageArgs.All);
        return new Dictionary<string, string>
        {
            ["workflow instances (agent and tool)"] = string.Join("\n", instances.Select(i => services.GetRequiredService<IWorkflowStateSerializer>().Serialize(i.WorkflowState))),
            ["activity execution records"] = string.Join("\n", records.Select(r => serializer.Serialize(new { r.ActivityState, r.Outputs, r.Payload, r.Properties, r.Exception }))),
            ["activity execution snapshots"] = string.Join("\n", records.Select(r => JsonSerializer.Serialize(r.SerializedSnapshot))),
            ["journal"] = string.Join("\n", log.Items.Select(serializer.Serialize)),
            ["logs"] = string.Join("\n", host.Logs.GetSnapshot().Select(l => $"{l.Level} {l.Category} {l.Message} {l.Exception} "
                + string.Join(",", l.StructuredState?.Select(s => $"{s.Key}={s.Value}") ?? []))),
        };
    }
}
