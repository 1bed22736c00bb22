using Elsa.Responses.Activities;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Common.Models;
using Elsa.Responses.Client.Agents;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Services;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Entities;
using Elsa.Workflows.Management.Filters;
using Elsa.Workflows.Models;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Agents;

/// <summary>
/// Issue 10, durability: a tool workflow that suspends (samples/workflows/tools/approve-refund.json, which waits for the
/// <c>refund-approval</c> event) suspends the agent. Both instances are persisted in EF Core SQLite, as the sample server
/// keeps them, and the host is stopped and disposed; a new host on the same file is the restarted server. Publishing the
/// event there finishes the tool, and the agent resumes from its persisted state and ends Done, with the tool's outputs
/// in the second request. The key is in none of what either host persisted or logged.
/// </summary>
public sealed class RunAgentSuspensionTests(ITestOutputHelper output) : IDisposable
{
    private const string ApproveRefund = "responses-tool-approve-refund";
    private const string CallId = "call_refund";
    private const string Arguments = """{"orderId":"1234","amount":25,"reason":"damaged"}""";

    // Where Run Agent keeps its AgentRun between a suspension and its resumption (RunAgent.StateProperty).
    private const string StateProperty = RunAgent.StateProperty;

    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(30);

    private readonly FakeResponsesServer _server = FakeResponsesServer.Start().WithModels(ResponseBodies.Model);
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"elsa-responses-{Guid.NewGuid():N}.db");
    private readonly FakeLogCollector _logs = new();

    public void Dispose()
    {
        _server.Dispose();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm", _database + "-journal" })
            File.Delete(file);
    }

    [Theory]
    [InlineData(true, "approved")]
    [InlineData(false, "rejected")]
    public async Task Suspending_tool_survives_a_restart_and_the_agent_resumes_with_its_output(bool approved, string decision)
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall(CallId, "approve_refund", Arguments),
            ResponseBodies.Completed($"Your refund was {decision}.", id: "resp_final"));

        // The first run, up to the suspension.
        string agentId, childId;
        await using (var host = await DurableElsaHost.StartAsync(output, _server.BaseUrl, _database, _logs))
        {
            await host.ImportAsync(SamplePaths.Workflow("tools/approve-refund.json"));
            var definition = await host.ImportJsonAsync(AgentWorkflow.Json("agent-refund", AgentWorkflow.Inputs("Refund order 1234, it arrived damaged.", ApproveRefund)));
            var client = await host.Services.GetRequiredService<IWorkflowRuntime>().CreateClientAsync();
            var response = await client.CreateAndRunInstanceAsync(new() { WorkflowDefinitionHandle = WorkflowDefinitionHandle.ByDefinitionVersionId(definition.Id) });
            agentId = response.WorkflowInstanceId;
            Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (response.Status, response.SubStatus));

            var agent = await host.FindInstanceAsync(agentId);
            Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (agent.Status, agent.SubStatus));
            var run = PersistedRun(agent);
            Assert.Equal(1, run.Iterations);
            var pending = Assert.Single(run.Steps);
            Assert.Equal((CallId, "approve_refund", Arguments, AgentStepStatus.Running), (pending.CallId, pending.ToolName, pending.Arguments, pending.Status));
            childId = pending.WorkflowInstanceId!;

            var child = await host.FindInstanceAsync(childId);
            Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (child.Status, child.SubStatus));
            Assert.Equal(ApproveRefund, child.DefinitionId);
            Assert.Equal(agentId, child.ParentWorkflowInstanceId);
            Assert.Single(_server.ResponseRequests);
        }

        // The restart: a new host on the same database, and the approval arrives.
        await using (var host = await DurableElsaHost.StartAsync(output, _server.BaseUrl, _database, _logs))
        {
            await host.Services.GetRequiredService<IEventPublisher>().PublishAsync("refund-approval", workflowInstanceId: childId,
                payload: new Dictionary<string, object> { ["approved"] = approved });

            var agent = await host.WaitUntilFinishedAsync(agentId, ResumeTimeout);
            var child = await host.FindInstanceAsync(childId);
            Assert.Equal(WorkflowSubStatus.Finished, child.SubStatus);

            var result = await AgentRunResult.ReadAsync(host.Services, agent.WorkflowState);
            Assert.Equal(["Done"], result.Outcomes);
            Assert.Equal($"Your refund was {decision}.", result.Output("Text").GetString());
            Assert.Equal(2, result.Output("Iterations").GetInt32());
            // The instance's token totals were persisted before the restart and added to after it (issue 12 §4).
            var totals = UsageTotals.FromJson(agent.WorkflowState.Properties[WorkflowUsage.PropertyName].ToString());
            Assert.Equal(2, totals.Calls);

            var requests = _server.ResponseRequests;
            Assert.Equal(2, requests.Count);
            var second = requests[1].GetProperty("input").EnumerateArray().ToList();
            var call = Assert.Single(second, i => i.GetProperty("type").GetString() == "function_call");
            Assert.Equal(CallId, call.GetProperty("call_id").GetString());
            var toolOutput = Assert.Single(second, i => i.GetProperty("type").GetString() == "function_call_output");
            Assert.Equal(CallId, toolOutput.GetProperty("call_id").GetString());
            var outputs = JsonDocument.Parse(toolOutput.GetProperty("output").GetString()!).RootElement;
            Assert.Equal(decision, outputs.GetProperty("decision").GetString());
            Assert.Equal($"The refund of 25 EUR for order 1234 was {decision}.", outputs.GetProperty("summary").GetString());

            var step = Assert.Single(result.Steps);
            Assert.Equal(CallId, Property(step, "CallId").GetString());
            Assert.Equal(AgentStepStatus.Completed, Property(step, "Status").GetString());
            Assert.Equal(childId, Property(step, "WorkflowInstanceId").GetString());
            Assert.Equal(toolOutput.GetProperty("output").GetString(), Property(step, "Output").GetString());

            // The key was sent with both requests, and is nowhere in what the two hosts left behind.
            Assert.Equal([$"Bearer {FakeResponsesServer.ApiKey}", $"Bearer {FakeResponsesServer.ApiKey}"], _server.AuthorizationHeaders);
            var places = await PlacesAsync(host.Services, agentId, childId);
            var leaks = places.Where(p => KeyForms.Found(p.Value)).Select(p => p.Key).ToList();
            Assert.True(leaks.Count == 0, $"The key appears in: {string.Join(", ", leaks)}.");
            var empty = places.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key).ToList();
            Assert.True(empty.Count == 0, $"Nothing was captured from: {string.Join(", ", empty)}.");
        }

        // Nor, in any form, anywhere in the database file, freed pages included.
        var file = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(_database));
        Assert.Contains("approve_refund", file);
        Assert.False(KeyForms.Found(file), "The key is in the SQLite file.");
    }

    [Fact]
    public async Task Two_suspending_tools_of_one_turn_run_in_parallel_and_the_agent_resumes_once_both_have_finished()
    {
        _server.RespondInTurns(
            ResponseBodies.ResponseObject("resp_tools", "completed", new JsonArray(
                ResponseBodies.FunctionCall("call_a", "approve_refund", """{"orderId":"1234","amount":25,"reason":"damaged"}""", id: "fc_a"),
                ResponseBodies.FunctionCall("call_b", "approve_refund", """{"orderId":"5678","amount":90,"reason":"late"}""", id: "fc_b")),
                ResponseBodies.Usage(input: 80, output: 40, cached: 0, reasoning: 0)).ToJsonString(),
            ResponseBodies.Completed("One refund was approved and one rejected.", id: "resp_final"));
        var inputs = AgentWorkflow.Inputs("Refund orders 1234 and 5678.", ApproveRefund);
        inputs["parallelToolCalls"] = AgentWorkflow.Literal("Boolean", "true");

        string agentId;
        IReadOnlyList<string> children;
        await using (var host = await DurableElsaHost.StartAsync(output, _server.BaseUrl, _database, _logs))
        {
            await host.ImportAsync(SamplePaths.Workflow("tools/approve-refund.json"));
            var definition = await host.ImportJsonAsync(AgentWorkflow.Json("agent-two-refunds", inputs));
            var client = await host.Services.GetRequiredService<IWorkflowRuntime>().CreateClientAsync();
            var response = await client.CreateAndRunInstanceAsync(new() { WorkflowDefinitionHandle = WorkflowDefinitionHandle.ByDefinitionVersionId(definition.Id) });
            agentId = response.WorkflowInstanceId;
            Assert.Equal(WorkflowSubStatus.Suspended, response.SubStatus);
            var run = PersistedRun(await host.FindInstanceAsync(agentId));
            Assert.Equal(["call_a", "call_b"], run.Steps.Select(s => s.CallId));
            Assert.All(run.Steps, s => Assert.Equal(AgentStepStatus.Running, s.Status));
            children = run.Steps.Select(s => s.WorkflowInstanceId!).ToList();
            Assert.Equal(2, children.Distinct().Count());
            foreach (var child in children)
                Assert.Equal(WorkflowSubStatus.Suspended, (await host.FindInstanceAsync(child)).SubStatus);
        }

        await using (var host = await DurableElsaHost.StartAsync(output, _server.BaseUrl, _database, _logs))
        {
            var events = host.Services.GetRequiredService<IEventPublisher>();

            // The second call's tool finishes first: the agent takes its output and keeps waiting for the other.
            await events.PublishAsync("refund-approval", workflowInstanceId: children[1], payload: new Dictionary<string, object> { ["approved"] = false });
            var waiting = await host.WaitUntilAsync(agentId, i => PersistedRun(i).Steps[1].Status == AgentStepStatus.Completed,
                "holding call_b's output", ResumeTimeout);
            Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (waiting.Status, waiting.SubStatus));
            Assert.Equal(AgentStepStatus.Running, PersistedRun(waiting).Steps[0].Status);
            Assert.Single(_server.ResponseRequests);

            await events.PublishAsync("refund-approval", workflowInstanceId: children[0], payload: new Dictionary<string, object> { ["approved"] = true });
            var agent = await host.WaitUntilFinishedAsync(agentId, ResumeTimeout);

            var result = await AgentRunResult.ReadAsync(host.Services, agent.WorkflowState);
            Assert.Equal(["Done"], result.Outcomes);
            Assert.Equal(2, result.Output("Iterations").GetInt32());
            Assert.Equal(children, result.Steps.Select(s => Property(s, "WorkflowInstanceId").GetString()));
            Assert.All(result.Steps, s => Assert.Equal(AgentStepStatus.Completed, Property(s, "Status").GetString()));

            var requests = _server.ResponseRequests;
            Assert.Equal(2, requests.Count);
            var outputs = requests[1].GetProperty("input").EnumerateArray()
                .Where(i => i.GetProperty("type").GetString() == "function_call_output")
                .Select(i => (i.GetProperty("call_id").GetString(), JsonDocument.Parse(i.GetProperty("output").GetString()!).RootElement.GetProperty("decision").GetString()))
                .ToList();
            Assert.Equal([("call_a", "approved"), ("call_b", "rejected")], outputs);
        }
    }

    private static AgentRun PersistedRun(WorkflowInstance instance)
    {
        var context = Assert.Single(instance.WorkflowState.ActivityExecutionContexts, c => c.Properties.ContainsKey(StateProperty));
        return AgentRun.FromJson(context.Properties[StateProperty].ToString()!);
    }

    // A step as the EF Core store reads it back: its property names are camel-cased.
    private static JsonElement Property(JsonElement step, string name) =>
        step.EnumerateObject().Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    private async Task<Dictionary<string, string>> PlacesAsync(IServiceProvider services, params string[] instanceIds)
    {
        var payloadSerializer = services.GetRequiredService<IPayloadSerializer>();
        var stateSerializer = services.GetRequiredService<IWorkflowStateSerializer>();
        var places = new Dictionary<string, string>();
        foreach (var id in instanceIds)
        {
            var instance = await services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(new WorkflowInstanceFilter { Id = id });
            var records = await services.GetRequiredService<IActivityExecutionStore>().FindManyAsync(new ActivityExecutionRecordFilter { WorkflowInstanceId = id });
            var log = await services.GetRequiredService<IWorkflowExecutionLogStore>()
                .FindManyAsync(new WorkflowExecutionLogRecordFilter { WorkflowInstanceId = id }, PageArgs.All);
            places[$"workflow instance {id}"] = stateSerializer.Serialize(instance!.WorkflowState);
            places[$"activity execution records of {id}"] = string.Join("\n", records.Select(r =>
                JsonSerializer.Serialize(r.SerializedSnapshot) + payloadSerializer.Serialize(new { r.ActivityState, r.Outputs, r.Payload, r.Properties, r.Exception })));
            places[$"execution log of {id}"] = string.Join("\n", log.Items.Select(payloadSerializer.Serialize));
        }

        places["logs"] = string.Join("\n", _logs.GetSnapshot().Select(l =>
            $"{l.Level} {l.Category} {l.Message} {l.Exception} " +
            string.Join(",", l.StructuredState?.Select(s => $"{s.Key}={s.Value}") ?? []) + " " +
            string.Join(",", l.Scopes.Select(s => s?.ToString()))));
        return places;
    }
}
