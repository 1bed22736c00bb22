namespace Elsa.Responses.Activities;

/// <summary>The outcomes of <see cref="RunAgent"/>, as they appear on the designer's ports.</summary>
public static class RunAgentOutcomes
{
    /// <summary>The model answered and asked for no tool that is left to run.</summary>
    public const string Done = "Done";

    /// <summary>The model called a tool from the Tools input (not a workflow); the calls are in the ToolCalls output.</summary>
    public const string ToolCalls = "Tool calls";

    /// <summary>The model calls reached MaxIterations; the outputs hold the run so far. Never Done.</summary>
    public const string MaxIterations = "Max iterations";

    /// <summary>The next model call would pass MaxTotalTokens; the outputs hold the run so far.</summary>
    public const string BudgetExceeded = "Budget exceeded";

    /// <summary>The model stopped early, for example at max_output_tokens.</summary>
    public const string Incomplete = "Incomplete";

    /// <summary>The final answer still fails the Output schema after the repairs; see the Error output.</summary>
    public const string InvalidOutput = "Invalid output";

    /// <summary>The input was invalid, a call failed, or the tools failed three times in a row; see the Error output.</summary>
    public const string Failed = "Failed";
}
