using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Activities;

/// <summary>The outcomes of <see cref="CreateResponse"/>, as they appear on the designer's ports.</summary>
public static class CreateResponseOutcomes
{
    /// <summary>The response is complete and asks for no tool calls.</summary>
    public const string Done = "Done";

    /// <summary>The model asks for one or more function calls; see the <c>ToolCalls</c> output.</summary>
    public const string ToolCalls = "Tool calls";

    /// <summary>The model stopped early, for example at <c>max_output_tokens</c>.</summary>
    public const string Incomplete = "Incomplete";

    /// <summary>The answer still fails the Output schema after the repairs; see the <c>Error</c> output. <c>Json</c> is null.</summary>
    public const string InvalidOutput = "Invalid output";

    /// <summary>The input was invalid or the call failed; see the <c>Error</c> output. Partial outputs are still set.</summary>
    public const string Failed = "Failed";

    /// <summary>
    /// The outcome a finished result takes: completed with calls → Tool calls; completed with an answer that fails its
    /// schema → Invalid output; completed → Done (a refusal included); incomplete → Incomplete; any other status
    /// (unknown, in_progress, …) → Failed, never a default success.
    /// </summary>
    public static string For(ResponseResult result) =>
        result.Status == ResponseStatus.Completed ? (result.ToolCalls.Count > 0 ? ToolCalls : result.SchemaErrors.Count > 0 ? InvalidOutput : Done)
        : result.Status == ResponseStatus.Incomplete ? Incomplete
        : Failed;
}
