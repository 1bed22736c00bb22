using Elsa.Responses.Cli.Running;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Cli.Output;

// Prints what test-request produces: as text for people, or as one JSON object for scripts.
internal interface IReportWriter
{
    /// <summary>Text, reasoning or refusal text as it streams in.</summary>
    void WriteDelta(ResponseUpdate update);

    /// <summary>An answer failed its schema and is being sent back with its errors: this is attempt <paramref name="attempt"/>.</summary>
    void WriteRepair(ResponseResult failed, int attempt, int maxAttempts);

    /// <summary>The end of a sent request: the result, or the failure with what arrived before it.</summary>
    void WriteOutcome(RunOutcome outcome);

    /// <summary>Input the CLI cannot use; nothing was sent.</summary>
    void WriteInvalid(IReadOnlyList<string> messages);
}
