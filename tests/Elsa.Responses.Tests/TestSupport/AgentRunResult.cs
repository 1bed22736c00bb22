using System.Text.Json;
using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Models;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Entities;
using Elsa.Workflows.Runtime.Filters;
using Elsa.Workflows.State;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>A finished run of an <see cref="AgentWorkflow"/>: its state and the Run Agent's execution record, read back as Studio reads it.</summary>
public sealed class AgentRunResult
{
    private AgentRunResult(WorkflowState state, ActivityExecutionRecord record)
    {
        State = state;
        Record = record;
    }

    public WorkflowState State { get; }

    public ActivityExecutionRecord Record { get; }

    public IReadOnlyList<string> Outcomes =>
        Record.Payload is { } payload && payload.TryGetValue("Outcomes", out var outcomes)
            ? JsonSerializer.SerializeToElement(outcomes).EnumerateArray().Select(e => e.GetString()!).ToList()
            : [];

    /// <summary>An output of the Run Agent, as JSON.</summary>
    public JsonElement Output(string name) => JsonSerializer.SerializeToElement(Record.Outputs![name]);

    public IReadOnlyList<JsonElement> Steps => Output("Steps").EnumerateArray().ToList();

    /// <summary>Imports <paramref name="agentJson"/>, runs it through Elsa's runtime to its end, and reads the result.</summary>
    public static async Task<AgentRunResult> RunAsync(ElsaTestHost host, string agentJson)
    {
        var definition = await host.ImportJsonAsync(agentJson);
        var client = await host.Services.GetRequiredService<IWorkflowRuntime>().CreateClientAsync();
        var response = await client.CreateAndRunInstanceAsync(new() { WorkflowDefinitionHandle = WorkflowDefinitionHandle.ByDefinitionVersionId(definition.Id) });
        Assert.Equal(WorkflowStatus.Finished, response.Status);
        var state = await client.ExportStateAsync();
        return await ReadAsync(host.Services, state);
    }

    public static async Task<AgentRunResult> ReadAsync(IServiceProvider services, WorkflowState state)
    {
        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        var records = await services.GetRequiredService<IActivityExecutionStore>()
            .FindManyAsync(new ActivityExecutionRecordFilter { WorkflowInstanceId = state.Id });
        var record = records.Where(r => r.ActivityId == AgentWorkflow.ActivityId).OrderBy(r => r.StartedAt).Last();
        return new AgentRunResult(state, record);
    }
}
