using System.Text.Json;
using Elsa.Testing.Shared;
using Elsa.Workflows.Activities.Flowchart.Extensions;
using Elsa.Workflows.Activities.Flowchart.Models;
using Elsa.Workflows.Options;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Entities;
using Elsa.Workflows.Runtime.Filters;
using Elsa.Workflows.State;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>
/// One run of a sample workflow through Elsa's runtime (import and publish, then IWorkflowRuntime, as the server runs it),
/// with what the run left behind: the workflow state, the activity execution records (Studio's journal), the console.
/// </summary>
public sealed class SampleRun
{
    private SampleRun(WorkflowState state, IReadOnlyList<ActivityExecutionRecord> records, IReadOnlyList<string> console)
    {
        State = state;
        Records = records;
        Console = console;
    }

    public WorkflowState State { get; }

    public IReadOnlyList<ActivityExecutionRecord> Records { get; }

    /// <summary>What the WriteLine activities wrote.</summary>
    public IReadOnlyList<string> Console { get; }

    /// <summary>Both ways Elsa 3.7 can run a flowchart: the samples must not depend on either.</summary>
    public static TheoryData<FlowchartExecutionMode> ExecutionModes => new() { FlowchartExecutionMode.CounterBased, FlowchartExecutionMode.TokenBased };

    public static async Task<SampleRun> RunAsync(ElsaTestHost host, string sampleFileName, FlowchartExecutionMode mode = FlowchartExecutionMode.CounterBased)
    {
        var definition = await host.ImportAsync(SamplePaths.Workflow(sampleFileName));
        var state = await host.Services.RunWorkflowUntilEndAsync(definition.DefinitionId, runWorkflowOptions: new RunWorkflowOptions().WithFlowchartExecutionMode(mode));
        var records = await host.Services.GetRequiredService<IActivityExecutionStore>()
            .FindManyAsync(new ActivityExecutionRecordFilter { WorkflowInstanceId = state.Id });
        return new SampleRun(state, records.ToList(), host.Console.Lines.ToList());
    }

    public bool Ran(string activityId) => Records.Any(r => r.ActivityId == activityId);

    public ActivityExecutionRecord Record(string activityId) => Assert.Single(Records, r => r.ActivityId == activityId);

    public IReadOnlyList<string> Outcomes(string activityId) =>
        Record(activityId).Payload is { } payload && payload.TryGetValue("Outcomes", out var outcomes)
            ? outcomes switch
            {
                IEnumerable<string> names => names.ToList(),
                JsonElement element => element.EnumerateArray().Select(e => e.GetString()!).ToList(),
                _ => throw new InvalidOperationException($"Unexpected outcomes value {outcomes}"),
            }
            : [];

    public object? Output(string activityId, string outputName) => Record(activityId).Outputs![outputName];

    /// <summary>A workflow variable's persisted value, by variable id, as JSON.</summary>
    public JsonElement Variable(string variableId)
    {
        var root = Assert.Single(State.ActivityExecutionContexts, c => c.Properties.ContainsKey("Variables"));
        var variables = JsonSerializer.SerializeToElement(root.Properties["Variables"]);
        Assert.True(variables.TryGetProperty(variableId, out var value), $"Variable '{variableId}' was not persisted: {variables}");
        return value;
    }

    public string? StringVariable(string variableId) => Variable(variableId).GetString();
}
