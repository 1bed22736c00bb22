namespace Elsa.Responses.Client.Agents;

/// <summary>One tool run of an agent: the call the model made, and what running it gave back.</summary>
public sealed record AgentStep
{
    /// <summary>The model call (1 for the first) whose answer asked for this tool.</summary>
    public int Iteration { get; init; }

    /// <summary>The call id that ties the output to the model's <c>function_call</c>.</summary>
    public string CallId { get; init; } = string.Empty;

    /// <summary>The tool's function name.</summary>
    public string ToolName { get; init; } = string.Empty;

    /// <summary>The arguments as the model wrote them (JSON text).</summary>
    public string Arguments { get; init; } = string.Empty;

    /// <summary>What the model got back as the <c>function_call_output</c>; null while the tool runs.</summary>
    public string? Output { get; init; }

    /// <summary>The workflow instance that ran the tool, when one did (not for bad arguments or an unknown tool).</summary>
    public string? WorkflowInstanceId { get; init; }

    /// <summary>One of <see cref="AgentStepStatus"/>.</summary>
    public string Status { get; init; } = AgentStepStatus.Running;

    /// <summary>When the tool run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the tool took, from start to its output; null while it runs.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>True when the step gave the model an error rather than a result.</summary>
    public bool IsError => Status is not (AgentStepStatus.Running or AgentStepStatus.Completed);
}

/// <summary>The values of <see cref="AgentStep.Status"/>.</summary>
public static class AgentStepStatus
{
    /// <summary>The tool is running, or waiting (for an approval, an event, a timer).</summary>
    public const string Running = "Running";

    /// <summary>The tool finished; its outputs went to the model.</summary>
    public const string Completed = "Completed";

    /// <summary>The tool failed; the error went to the model.</summary>
    public const string Faulted = "Faulted";

    /// <summary>The arguments could not be read; the tool did not run and the model was told why.</summary>
    public const string InvalidArguments = "InvalidArguments";

    /// <summary>The model called a tool that it was not offered.</summary>
    public const string UnknownTool = "UnknownTool";
}
