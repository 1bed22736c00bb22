using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Cli.Running;

// How a sent request ended: a result, or a failure whose Partial holds what arrived before it.
internal sealed record RunOutcome(ResponseResult Result, ResponsesApiException? Failure)
{
    public static RunOutcome Of(ResponseResult result) => new(result, null);

    public static RunOutcome Of(ResponsesApiException failure) => new(failure.Partial, failure);

    public int ExitCode =>
        Failure is not null ? ExitCodes.Failed
        : Result.Status == ResponseStatus.Completed ? Result.SchemaErrors.Count > 0 ? ExitCodes.SchemaInvalid : ExitCodes.Completed
        : Result.Status == ResponseStatus.Incomplete ? ExitCodes.Incomplete
        : ExitCodes.Failed;

    /// <summary>The error to report, if any: the failure's, or one for a status that is neither completed nor incomplete.</summary>
    public (int? HttpStatus, ResponseError Error)? Error =>
        Failure is not null ? (Failure.StatusCode is { } status ? (int)status : null, Failure.Error)
        : ExitCode == ExitCodes.Failed ? (null, Result.Error ?? new ResponseError("unexpected_status", null, $"The response ended with status '{Result.Status}'."))
        : null;
}
