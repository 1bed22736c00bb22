using System.Runtime.CompilerServices;
using System.Text;
using Elsa.Extensions;
using Elsa.Responses.Agents;
using Elsa.Responses.Client.Agents;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Validation;
using Elsa.Responses.Models;
using Elsa.Responses.Relay;
using Elsa.Responses.UIHints;
using Elsa.Workflows;
using Elsa.Workflows.Activities.Flowchart.Attributes;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Management;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using Microsoft.Extensions.Logging;

namespace Elsa.Responses.Activities;

/// <summary>
/// Calls <c>POST /v1/responses</c> in a loop: each function call the model makes to a workflow in
/// <see cref="ToolWorkflows"/> runs that published workflow as a child, its outputs go back as the
/// <c>function_call_output</c>, and the model is called again until it answers. A tool workflow that suspends (an
/// approval, an event, a timer) suspends the agent on a bookmark; the loop's state is persisted with the workflow
/// instance and the agent resumes when the child finishes, after a restart too. Failures take <c>Failed</c>.
/// </summary>
[Activity("Elsa.Responses", "AI", "Let a model call published workflows as tools until it answers: a durable agent loop.",
    DisplayName = "Run Agent", Kind = ActivityKind.Task)]
[FlowNode(RunAgentOutcomes.Done, RunAgentOutcomes.ToolCalls, RunAgentOutcomes.MaxIterations, RunAgentOutcomes.BudgetExceeded,
    RunAgentOutcomes.Incomplete, RunAgentOutcomes.InvalidOutput, RunAgentOutcomes.Failed)]
public sealed class RunAgent : ResponseActivity
{
    internal const string StateProperty = "RunAgent:State";

    /// <inheritdoc />
    public RunAgent([CallerFilePath] string? source = null, [CallerLineNumber] int? line = null) : base(source, line)
    {
    }

    /// <summary>Extra function tools, as a JSON array, that the agent does not run.</summary>
    [Input(Description = "Extra function tools (a JSON array) that the agent does not run: a call to one ends the run with Tool calls, for the workflow to answer.",
        Category = "Tools", Order = 8, UIHint = InputUIHints.JsonEditor)]
    public override Input<object?> Tools { get; set; } = new((object?)null);

    /// <summary>The definition ids of the published workflows offered as tools.</summary>
    [Input(DisplayName = "Tool workflows", Description = "Published workflows the model may call as tools: the name of each is the tool's name, its inputs the parameters, its outputs the result.",
        Category = "Agent", Order = 14, UIHint = InputUIHints.CheckList, UIHandler = typeof(PublishedWorkflowOptionsProvider))]
    public Input<ICollection<string>?> ToolWorkflows { get; set; } = null!;

    /// <summary>The most model calls in one run.</summary>
    [Input(DisplayName = "Max iterations", Description = "The most model calls in one run. When reached, the run ends with Max iterations.",
        Category = "Agent", Order = 15, DefaultValue = AgentLimits.DefaultMaxIterations)]
    public Input<int> MaxIterations { get; set; } = new(AgentLimits.DefaultMaxIterations);

    /// <summary>A budget over the summed total tokens of every call.</summary>
    [Input(DisplayName = "Max total tokens", Description = "A budget over the summed usage of every call. The run ends with Budget exceeded before a call that would pass it.",
        Category = "Agent", Order = 16)]
    public Input<long?> MaxTotalTokens { get; set; } = null!;

    /// <summary>Run the tool workflows of one turn concurrently.</summary>
    [Input(DisplayName = "Parallel tool calls", Description = "Run the tool workflows the model asks for in one turn at the same time.",
        Category = "Agent", Order = 17, UIHint = InputUIHints.Checkbox)]
    public Input<bool> ParallelToolCalls { get; set; } = null!;

    /// <summary>Model calls made.</summary>
    [Output(Description = "The number of model calls made.")]
    public Output<int> Iterations { get; set; } = null!;

    /// <summary>One entry per tool run.</summary>
    [Output(Description = "One entry per tool run: CallId, ToolName, Arguments, Output, WorkflowInstanceId, Status and Duration.")]
    public Output<ICollection<AgentStep>?> Steps { get; set; } = null!;

    /// <inheritdoc />
    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        using var span = AgentTelemetry.StartAgent(AgentName(context), Model.GetOrDefault(context));
        AgentRun? run = null;
        try
        {
            var setup = await SetUpAsync(context);
            HttpResponseRelay.Open(context, RelayToHttpResponse.GetOrDefault(context), setup.Request.Model);
            if (setup.Failure is not null)
            {
                await EndAsync(context, null, RunAgentOutcomes.Failed, setup.Failure);
                return;
            }

            run = AgentRun.Start(setup.Request.Input!);
            await LoopAsync(context, setup, run);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            await EndAsync(context, run, RunAgentOutcomes.Failed, ResponseCall.Unexpected(exception));
        }
    }

    // Resumed by a tool workflow that had suspended and has now finished.
    private async ValueTask OnToolWorkflowFinishedAsync(ActivityExecutionContext context)
    {
        using var span = AgentTelemetry.StartAgent(AgentName(context), Model.GetOrDefault(context));
        AgentRun? run = null;
        try
        {
            run = AgentRun.FromJson(context.Properties[StateProperty].ToString()!);
            var input = context.WorkflowInput;
            var childId = input[ToolWorkflowLink.ChildInstanceIdInput].ToString()!;
            var step = run.PendingSteps.FirstOrDefault(s => s.WorkflowInstanceId == childId);
            if (step is not null)
            {
                var subStatus = Enum.TryParse<WorkflowSubStatus>(input[ToolWorkflowLink.SubStatusInput].ToString(), out var parsed) ? parsed : WorkflowSubStatus.Faulted;
                var error = input.TryGetValue(ToolWorkflowLink.ErrorInput, out var e) ? e.ToString() : null;
                var tool = ToolWorkflowRunner.Finished(step.CallId, childId, subStatus, input[ToolWorkflowLink.OutputInput].ToString() ?? "{}", error);
                Record(context, run, run.EndStep(tool.CallId, tool.Status, tool.Output!, childId, Now(context)));
            }

            if (run.PendingSteps.Any())
            {
                Save(context, run);
                return;
            }

            var setup = await SetUpAsync(context);
            HttpResponseRelay.Open(context, RelayToHttpResponse.GetOrDefault(context), setup.Request.Model);
            if (setup.Failure is not null)
            {
                await EndAsync(context, run, RunAgentOutcomes.Failed, setup.Failure);
                return;
            }

            if (await FinishTurnAsync(context, run, setup.Limits))
                return;
            await LoopAsync(context, setup, run);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            await EndAsync(context, run, RunAgentOutcomes.Failed, ResponseCall.Unexpected(exception));
        }
    }

    private async Task LoopAsync(ActivityExecutionContext context, Setup setup, AgentRun run)
    {
        var (request, catalog, limits, connection, parallel) = (setup.Request, setup.Catalog!, setup.Limits, setup.Connection!, setup.Parallel);
        while (true)
        {
            if (run.HaltBeforeNextCall(limits) is { } halt)
            {
                var outcome = halt == AgentHalt.MaxIterations ? RunAgentOutcomes.MaxIterations : RunAgentOutcomes.BudgetExceeded;
                context.AddExecutionLogEntry(outcome, halt == AgentHalt.MaxIterations
                    ? $"Stopped after {run.Iterations} model calls (MaxIterations)."
                    : $"Stopped before model call {run.Iterations + 1}: {run.Usage?.TotalTokens ?? 0} tokens used, and the next call would pass MaxTotalTokens ({limits.MaxTotalTokens}).");
                await EndAsync(context, run, outcome, null);
                return;
            }

            // The request was read for this run alone: each turn sends the conversation so far and every tool.
            request.Input = run.NextInput();
            request.Tools = catalog.RequestTools;
            // No repair inside a call: the loop sends a failing answer back itself, as one more turn.
            var (result, failure) = await ResponseCall.SendAsync(context, connection, request, 0);
            if (result is not null)
                RecordModelCall(context, run, result);
            if (failure is not null)
            {
                await EndAsync(context, run, RunAgentOutcomes.Failed, failure);
                return;
            }

            var outcomeOfAnswer = CreateResponseOutcomes.For(result!);
            if (outcomeOfAnswer == CreateResponseOutcomes.Failed)
            {
                await EndAsync(context, run, RunAgentOutcomes.Failed, ResponseCall.UnexpectedStatus(result!));
                return;
            }

            if (outcomeOfAnswer == CreateResponseOutcomes.InvalidOutput)
            {
                if (run.Repairs < setup.RepairAttempts)
                {
                    run.RequestRepair();
                    continue;
                }

                await EndAsync(context, run, RunAgentOutcomes.InvalidOutput, ResponseCall.InvalidOutput(result! with { Attempts = run.Repairs + 1 }));
                return;
            }

            if (outcomeOfAnswer != CreateResponseOutcomes.ToolCalls)
            {
                await EndAsync(context, run, outcomeOfAnswer == CreateResponseOutcomes.Done ? RunAgentOutcomes.Done : RunAgentOutcomes.Incomplete, null);
                return;
            }

            run.RecordExternalCalls(result!.ToolCalls.Where(c => catalog.IsExternal(c.Name)));
            var runnable = result.ToolCalls.Where(c => !catalog.IsExternal(c.Name)).ToList();
            await RunToolsAsync(context, catalog, run, runnable, parallel);
            if (run.PendingSteps.Any())
            {
                Suspend(context, run);
                // The caller's request ends here: the run goes on when the tools finish, outside it.
                if (HttpResponseRelay.Current(context) is { } relay)
                    await relay.EndAsync(ResponseStatus.Incomplete, run.Usage, null, "tool_waiting");
                return;
            }

            if (await FinishTurnAsync(context, run, limits))
                return;
        }
    }

    // Ends a turn whose tools all finished. True when that ends the run.
    private async Task<bool> FinishTurnAsync(ActivityExecutionContext context, AgentRun run, AgentLimits limits)
    {
        run.CompleteTurn();
        if (run.TooManyToolErrors(limits))
        {
            var failure = new ResponseFailure(null, "tool_error", null,
                $"The tools failed {run.ConsecutiveToolErrors} times in a row; the last error: {run.Steps[^1].Output}");
            await EndAsync(context, run, RunAgentOutcomes.Failed, failure);
            return true;
        }

        if (run.ExternalCalls.Count > 0)
        {
            await EndAsync(context, run, RunAgentOutcomes.ToolCalls, null);
            return true;
        }

        return false;
    }

    private static async Task RunToolsAsync(ActivityExecutionContext context, WorkflowToolCatalog catalog, AgentRun run, IReadOnlyList<ToolCall> calls, bool parallel)
    {
        foreach (var call in calls)
            run.BeginStep(call, Now(context));

        var runs = new List<ToolRun>();
        if (parallel)
            runs.AddRange(await Task.WhenAll(calls.Select(call => ToolWorkflowRunner.RunAsync(context, catalog, call))));
        else
            foreach (var call in calls)
                runs.Add(await ToolWorkflowRunner.RunAsync(context, catalog, call));

        foreach (var tool in runs)
        {
            if (tool.Suspended)
            {
                run.MarkWaiting(tool.CallId, tool.WorkflowInstanceId!);
                context.AddExecutionLogEntry("Tool waiting", $"{ToolNameOf(run, tool.CallId)} ({tool.CallId}) is waiting: workflow instance {tool.WorkflowInstanceId}.",
                    payload: new Dictionary<string, object?> { ["CallId"] = tool.CallId, ["WorkflowInstanceId"] = tool.WorkflowInstanceId });
            }
            else
            {
                var step = run.EndStep(tool.CallId, tool.Status, tool.Output!, tool.WorkflowInstanceId, Now(context));
                Record(context, run, step);
                if (HttpResponseRelay.Current(context) is { } relay)
                    await relay.WriteToolOutputAsync(step.CallId, step.Output ?? string.Empty);
            }
        }
    }

    private static string ToolNameOf(AgentRun run, string callId) => run.Steps.Last(s => s.CallId == callId).ToolName;

    private static void Suspend(ActivityExecutionContext context, AgentRun run)
    {
        Save(context, run);
        foreach (var step in run.PendingSteps)
        {
            context.CreateBookmark(new CreateBookmarkArgs
            {
                Stimulus = new ToolWorkflowStimulus(step.WorkflowInstanceId!),
                Callback = ((RunAgent)context.Activity).OnToolWorkflowFinishedAsync,
                IncludeActivityInstanceId = false,
            });
        }
    }

    private static void Save(ActivityExecutionContext context, AgentRun run) => context.Properties[StateProperty] = run.ToJson();

    private static void RecordModelCall(ActivityExecutionContext context, AgentRun run, ResponseResult result)
    {
        run.RecordModelCall(result);
        var calls = result.ToolCalls.Select(c => c.Name).ToList();
        var message = new StringBuilder($"Model call {run.Iterations}: {result.Status.Value}");
        if (calls.Count > 0)
            message.Append(", calls ").Append(string.Join(", ", calls));
        if (result.Usage is { } usage)
            message.Append($", {usage.TotalTokens} tokens");
        context.AddExecutionLogEntry("Model call", message.ToString(), payload: new Dictionary<string, object?>
        {
            ["Iteration"] = run.Iterations,
            ["Status"] = result.Status.Value,
            ["ResponseId"] = result.Id,
            ["ToolCalls"] = calls,
            ["TotalTokens"] = result.Usage?.TotalTokens,
        });
        foreach (var warning in result.Warnings)
            context.AddExecutionLogEntry("Warning", warning);
    }

    private static void Record(ActivityExecutionContext context, AgentRun run, AgentStep step) =>
        context.AddExecutionLogEntry("Tool run", $"{step.ToolName} ({step.CallId}): {step.Status} in {step.Duration?.TotalMilliseconds:0} ms",
            payload: new Dictionary<string, object?>
            {
                ["Iteration"] = step.Iteration,
                ["CallId"] = step.CallId,
                ["ToolName"] = step.ToolName,
                ["WorkflowInstanceId"] = step.WorkflowInstanceId,
                ["Status"] = step.Status,
                ["DurationMs"] = step.Duration?.TotalMilliseconds,
            });

    private static DateTimeOffset Now(ActivityExecutionContext context) => context.GetRequiredService<TimeProvider>().GetUtcNow();

    // Reads and checks every input, loads the tool workflows and picks the connection: on a start and on each resumption.
    private async Task<Setup> SetUpAsync(ActivityExecutionContext context)
    {
        var (request, repairAttempts, readErrors) = ActivityRequestReader.Read(this, context);
        LargeValueLogPersistence.Apply(context, request);
        var (connection, connectionFailure) = ResponseCall.Connect(context, Connection.GetOrDefault(context));
        connection?.ApplyDefaultModel(request);
        var errors = readErrors.Concat(ResponseRequestValidator.Validate(request)).ToList();
        var maxIterations = MaxIterations.GetOrDefault(context);
        if (maxIterations < 1)
            errors.Add($"MaxIterations: must be 1 or more, not {maxIterations}");
        var maxTotalTokens = MaxTotalTokens.GetOrDefault(context);
        if (maxTotalTokens is < 1)
            errors.Add($"MaxTotalTokens: must be 1 or more, not {maxTotalTokens}");

        var definitionIds = (ToolWorkflows.GetOrDefault(context) ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).ToList();
        var (catalog, catalogErrors) = await WorkflowToolCatalog.LoadAsync(
            context.GetRequiredService<IWorkflowDefinitionService>(), definitionIds, request.Tools, context.CancellationToken);
        errors.AddRange(catalogErrors);
        if (errors.Count > 0)
            return new Setup(request, null, null!, null, false, 0, ResponseCall.Invalid(errors));

        return new Setup(request, catalog, new AgentLimits(maxIterations, maxTotalTokens), connection, ParallelToolCalls.GetOrDefault(context), repairAttempts, connectionFailure);
    }

    private static string AgentName(ActivityExecutionContext context) => context.Activity.Name ?? context.Activity.Id;

    private async Task EndAsync(ActivityExecutionContext context, AgentRun? run, string outcome, ResponseFailure? failure)
    {
        // The current span is this stretch's invoke_agent span (the model-call and tool spans have ended).
        if (System.Diagnostics.Activity.Current is { OperationName: var name } agentSpan && name.StartsWith("invoke_agent", StringComparison.Ordinal))
            AgentTelemetry.EndAgent(agentSpan, outcome, failure?.Type, run?.Usage);
        if (failure is not null)
        {
            context.GetRequiredService<ILogger<RunAgent>>().LogWarning("Run Agent failed: {Message}", failure.Message);
            context.AddExecutionLogEntry("Error", failure.Message);
            context.JournalData["Error"] = failure.Message;
        }

        var answer = run?.LastAnswer;
        var status = failure is not null ? ResponseStatus.Failed.Value : answer?.Status;
        context.Set(Text, answer?.Text, nameof(Text));
        context.Set(Reasoning, answer?.Reasoning, nameof(Reasoning));
        context.Set(Refusal, answer?.Refusal, nameof(Refusal));
        context.Set(ToolCalls, run?.ExternalCalls.ToList() ?? [], nameof(ToolCalls));
        context.Set(Usage, run?.Usage, nameof(Usage));
        context.Set(Status, status, nameof(Status));
        context.Set(ResponseId, answer?.ResponseId, nameof(ResponseId));
        context.Set(Conversation, run is null ? null : ConversationJson(run), nameof(Conversation));
        context.Set(Json, failure is null ? JsonOutputValue.From(answer?.Json) : null, nameof(Json));
        context.Set(Error, failure, nameof(Error));
        context.Set(Iterations, run?.Iterations ?? 0, nameof(Iterations));
        context.Set(Steps, run?.Steps.ToList() ?? [], nameof(Steps));
        // The counts are not repeated in the journal: the Iterations, Steps and Usage outputs in the same record hold them,
        // and each number in the journal costs Elsa a fresh serializer metadata build on every run (docs/benchmarks.md).
        context.Properties.Remove(StateProperty);
        if (HttpResponseRelay.Current(context) is { } relay)
            await RelayEndAsync(relay, run, outcome, failure);
        await context.CompleteActivityWithOutcomesAsync(outcome);
    }

    // The caller's stream ends as the run does: an answer completes it, a limit leaves it incomplete, a failure fails it.
    private static Task RelayEndAsync(HttpResponseRelay relay, AgentRun? run, string outcome, ResponseFailure? failure) => outcome switch
    {
        RunAgentOutcomes.Done or RunAgentOutcomes.ToolCalls => relay.EndAsync(ResponseStatus.Completed, run?.Usage, null),
        RunAgentOutcomes.Incomplete => relay.EndAsync(ResponseStatus.Incomplete, run?.Usage, null, null),
        RunAgentOutcomes.MaxIterations => relay.EndAsync(ResponseStatus.Incomplete, run?.Usage, null, "max_iterations"),
        RunAgentOutcomes.BudgetExceeded => relay.EndAsync(ResponseStatus.Incomplete, run?.Usage, null, "budget_exceeded"),
        _ => relay.EndAsync(ResponseStatus.Failed, run?.Usage, failure ?? new ResponseFailure(null, outcome, null, $"The run ended with {outcome}.")),
    };

    private static string ConversationJson(AgentRun run) => "[" + string.Join(",", run.Conversation.Select(item => item.GetRawText())) + "]";

    private sealed record Setup(ResponseRequest Request, WorkflowToolCatalog? Catalog, AgentLimits Limits, ResponseConnection? Connection, bool Parallel,
        int RepairAttempts, ResponseFailure? Failure);
}
