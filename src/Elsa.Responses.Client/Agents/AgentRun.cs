using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Structured;

namespace Elsa.Responses.Client.Agents;

/// <summary>
/// The state of one agent loop, engine-neutral and serializable, so that an engine can persist it between a tool that
/// suspends and its result: the conversation so far, the summed usage, the model calls made, the tool runs (those
/// still running included) and the rules that end the loop. The engine makes the calls and runs the tools; this class
/// records them and says what comes next.
/// </summary>
public sealed class AgentRun
{
    [JsonConstructor]
    internal AgentRun()
    {
    }

    /// <summary>Every item sent and received so far, ready to be the next call's <c>input</c>.</summary>
    [JsonInclude]
    public List<JsonElement> Conversation { get; internal set; } = [];

    /// <summary>The usage of every model call, summed; null until a server reports some.</summary>
    [JsonInclude]
    public ResponseUsage? Usage { get; internal set; }

    /// <summary>Model calls made.</summary>
    [JsonInclude]
    public int Iterations { get; internal set; }

    /// <summary>Every tool run, in the order the model asked for them.</summary>
    [JsonInclude]
    public List<AgentStep> Steps { get; internal set; } = [];

    /// <summary>The last model call's result, without its raw JSON; null before the first call.</summary>
    [JsonInclude]
    public AgentAnswer? LastAnswer { get; internal set; }

    /// <summary>Calls of the last answer to tools that the engine does not run (left to the workflow's author).</summary>
    [JsonInclude]
    public List<ToolCall> ExternalCalls { get; internal set; } = [];

    /// <summary>Tool errors in a row, in call order, up to the last finished turn.</summary>
    [JsonInclude]
    public int ConsecutiveToolErrors { get; internal set; }

    /// <summary>Answers sent back because they failed the Output schema.</summary>
    [JsonInclude]
    public int Repairs { get; internal set; }

    [JsonInclude]
    internal long LastCallTotalTokens { get; set; }

    /// <summary>The steps of the last model call that are still running.</summary>
    public IEnumerable<AgentStep> PendingSteps => Steps.Where(s => s.Iteration == Iterations && s.Status == AgentStepStatus.Running);

    /// <summary>A run that starts from <paramref name="input"/>: a text prompt becomes a user message.</summary>
    public static AgentRun Start(ResponseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = new AgentRun();
        run.Conversation.AddRange(input.ToItems().Select(i => i.Json));
        return run;
    }

    /// <summary>
    /// Why the loop must stop before the next model call, or null to go on. <see cref="AgentHalt.MaxIterations"/>: the
    /// calls made reached the limit. <see cref="AgentHalt.BudgetExceeded"/>: the next call would pass the token
    /// budget. The next request resends everything the last one sent and received, so its input alone costs at least
    /// the last call's total; the loop stops when the sum so far plus that would pass the budget.
    /// </summary>
    public AgentHalt? HaltBeforeNextCall(AgentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (Iterations >= limits.MaxIterations)
            return AgentHalt.MaxIterations;
        if (limits.MaxTotalTokens is { } budget && Iterations > 0 && (Usage?.TotalTokens ?? 0) + LastCallTotalTokens > budget)
            return AgentHalt.BudgetExceeded;
        return null;
    }

    /// <summary>The next call's <c>input</c>: the whole conversation.</summary>
    public ResponseInput NextInput() => ResponseInput.FromItems(Conversation.Select(InputItem.FromJson));

    /// <summary>Records a model call: counts it, adds its usage and appends its output items to the conversation.</summary>
    public void RecordModelCall(ResponseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Iterations++;
        Usage = ResponseUsage.Sum(Usage, result.Usage);
        LastCallTotalTokens = result.Usage?.TotalTokens ?? 0;
        Conversation.AddRange(result.OutputItems);
        LastAnswer = new AgentAnswer(result.Id, result.Status.Value, result.Text, result.Reasoning, result.Refusal, result.ToolCalls.ToList())
        {
            Json = result.Json,
            SchemaErrors = result.SchemaErrors.ToList(),
        };
        ExternalCalls = [];
    }

    /// <summary>Asks for a corrected answer: a user message listing why the last one failed its schema.</summary>
    public void RequestRepair()
    {
        if (LastAnswer is not { SchemaErrors.Count: > 0 } answer)
            throw new InvalidOperationException("The last answer has no schema errors to repair.");
        Conversation.Add(InputItem.Message("user", StructuredOutput.RepairMessage(answer.SchemaErrors)).Json);
        Repairs++;
    }

    /// <summary>Records the calls of the last answer that are left to the workflow's author.</summary>
    public void RecordExternalCalls(IEnumerable<ToolCall> calls) => ExternalCalls = calls.ToList();

    /// <summary>Starts a tool run for <paramref name="call"/> of the last answer.</summary>
    public AgentStep BeginStep(ToolCall call, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(call);
        var step = new AgentStep { Iteration = Iterations, CallId = call.CallId, ToolName = call.Name, Arguments = call.Arguments, StartedAt = now };
        Steps.Add(step);
        return step;
    }

    /// <summary>Ends the running step of <paramref name="callId"/> with the output the model gets.</summary>
    public AgentStep EndStep(string callId, string status, string output, string? workflowInstanceId, DateTimeOffset now)
    {
        var index = Steps.FindIndex(s => s.Iteration == Iterations && s.CallId == callId && s.Status == AgentStepStatus.Running);
        if (index < 0)
            throw new InvalidOperationException($"No running tool call '{callId}' in model call {Iterations}.");
        var step = Steps[index] with
        {
            Status = status,
            Output = output,
            WorkflowInstanceId = workflowInstanceId ?? Steps[index].WorkflowInstanceId,
            Duration = now - Steps[index].StartedAt,
        };
        Steps[index] = step;
        return step;
    }

    /// <summary>Notes the workflow instance of a step that is still running (one that suspended).</summary>
    public void MarkWaiting(string callId, string workflowInstanceId)
    {
        var index = Steps.FindIndex(s => s.Iteration == Iterations && s.CallId == callId && s.Status == AgentStepStatus.Running);
        if (index >= 0)
            Steps[index] = Steps[index] with { WorkflowInstanceId = workflowInstanceId };
    }

    /// <summary>
    /// Ends the turn once no step of it runs: appends one <c>function_call_output</c> per step, in call order, and counts
    /// the tool errors in a row.
    /// </summary>
    public void CompleteTurn()
    {
        foreach (var step in Steps.Where(s => s.Iteration == Iterations))
        {
            if (step.Status == AgentStepStatus.Running)
                throw new InvalidOperationException($"Tool call '{step.CallId}' is still running.");
            Conversation.Add(InputItem.FunctionCallOutput(step.CallId, step.Output ?? string.Empty).Json);
            ConsecutiveToolErrors = step.IsError ? ConsecutiveToolErrors + 1 : 0;
        }
    }

    /// <summary>True when the tool errors in a row reached <see cref="AgentLimits.MaxConsecutiveToolErrors"/>.</summary>
    public bool TooManyToolErrors(AgentLimits limits) => ConsecutiveToolErrors >= limits.MaxConsecutiveToolErrors;

    /// <summary>The state as JSON, to persist.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, AgentJsonContext.Default.AgentRun);

    /// <summary>A state persisted with <see cref="ToJson"/>.</summary>
    public static AgentRun FromJson(string json) =>
        JsonSerializer.Deserialize(json, AgentJsonContext.Default.AgentRun) ?? throw new JsonException("The agent state is null.");

    /// <summary>The output text for a tool error: a JSON object with an <c>error</c> message, worded for the model.</summary>
    public static string ErrorOutput(string message)
    {
        // Written for the model to read: quotes and accents as they are, not \u0027.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>Why an agent loop stopped before another model call.</summary>
public enum AgentHalt
{
    /// <summary>The model calls reached the limit.</summary>
    MaxIterations,

    /// <summary>The next call would pass the token budget.</summary>
    BudgetExceeded,
}

/// <summary>What a model call answered, kept with the agent's state (the raw response is not).</summary>
/// <param name="ResponseId">The response id.</param>
/// <param name="Status">The response status.</param>
/// <param name="Text">The output text.</param>
/// <param name="Reasoning">The reasoning text.</param>
/// <param name="Refusal">The refusal, or null.</param>
/// <param name="ToolCalls">Every function call of the answer.</param>
public sealed record AgentAnswer(string? ResponseId, string Status, string Text, string Reasoning, string? Refusal, IReadOnlyList<ToolCall> ToolCalls)
{
    /// <summary>The answer parsed as JSON, when JSON was asked for and the answer matches.</summary>
    public JsonElement? Json { get; init; }

    /// <summary>Why the answer is not the JSON asked for.</summary>
    public IReadOnlyList<SchemaError> SchemaErrors { get; init; } = [];
}
