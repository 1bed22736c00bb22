using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Streaming;

/// <summary>One step of a streamed response, handed on as soon as it arrives.</summary>
public sealed class ResponseUpdate
{
    /// <summary>Creates an update; public so that tests can fake <see cref="IResponsesClient"/>.</summary>
    /// <param name="kind">What the update carries.</param>
    /// <param name="delta">The new text; empty for <see cref="ResponseUpdateKind.Completed"/>.</param>
    /// <param name="outputIndex">The output item the delta belongs to.</param>
    /// <param name="callId">For tool-call deltas: the call id, when known.</param>
    /// <param name="toolName">For tool-call deltas: the function name, when known.</param>
    /// <param name="result">For <see cref="ResponseUpdateKind.Completed"/>: the aggregated result.</param>
    public ResponseUpdate(ResponseUpdateKind kind, string delta, int outputIndex, string? callId = null, string? toolName = null, ResponseResult? result = null)
    {
        Kind = kind;
        Delta = delta;
        OutputIndex = outputIndex;
        CallId = callId;
        ToolName = toolName;
        Result = result;
    }

    /// <summary>What this update carries.</summary>
    public ResponseUpdateKind Kind { get; }

    /// <summary>The new text, reasoning, refusal or argument text; empty for <see cref="ResponseUpdateKind.Completed"/>.</summary>
    public string Delta { get; }

    /// <summary>The output item the delta belongs to.</summary>
    public int OutputIndex { get; }

    /// <summary>For tool-call deltas: the call id, when the server has sent it.</summary>
    public string? CallId { get; }

    /// <summary>For tool-call deltas: the function name, when the server has sent it.</summary>
    public string? ToolName { get; }

    /// <summary>For <see cref="ResponseUpdateKind.Completed"/>: the aggregated result, equal to what the non-streaming call returns.</summary>
    public ResponseResult? Result { get; }
}

/// <summary>The kinds of <see cref="ResponseUpdate"/>.</summary>
public enum ResponseUpdateKind
{
    /// <summary>More output text.</summary>
    TextDelta,

    /// <summary>More reasoning text.</summary>
    ReasoningDelta,

    /// <summary>More of a function call's arguments.</summary>
    ToolCallDelta,

    /// <summary>More of the model's refusal text.</summary>
    RefusalDelta,

    /// <summary>The last update: the response is complete or incomplete, and <see cref="ResponseUpdate.Result"/> holds it.</summary>
    Completed,
}
