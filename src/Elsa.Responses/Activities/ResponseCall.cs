using Elsa.Responses.Client;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Structured;
using Elsa.Responses.Models;
using Elsa.Responses.Relay;
using Elsa.Responses.Services;
using Elsa.Workflows;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Activities;

// The steps every activity that calls the endpoint takes, each turning a failure into a ResponseFailure instead of an
// exception: picking the connection, making the call (streamed or not, repaired when its answer fails its schema), and
// judging the status. Create Response makes one call; Run Agent makes one per turn.
internal static class ResponseCall
{
    public const string ValidationError = "validation_error";

    public static ResponseFailure Invalid(IEnumerable<string> errors) => new(null, ValidationError, null, string.Join("; ", errors));

    public static ResponseFailure Unexpected(Exception exception) =>
        new(null, ErrorTypes.Unexpected, null, $"{exception.GetType().Name}: {exception.Message}");

    public const string InvalidOutputError = "invalid_output";

    /// <summary>The answer failed its schema after every repair: the errors, each with its JSON Pointer.</summary>
    public static ResponseFailure InvalidOutput(ResponseResult result) =>
        new(null, InvalidOutputError, null,
            $"The answer does not match the Output schema after {result.Attempts} attempt(s): {string.Join("; ", result.SchemaErrors)}",
            SchemaErrors: result.SchemaErrors);

    /// <summary>A failed call as the Error output shows it: status, error type and code, message, request id.</summary>
    public static ResponseFailure Failed(ResponsesApiException exception) =>
        new(exception.StatusCode is { } status ? (int)status : null, exception.Error.Type, exception.Error.Code, exception.Message, exception.RequestId);

    public static ResponseFailure UnexpectedStatus(ResponseResult result) =>
        new(null, "unexpected_status", null, $"The response ended with status '{result.Status}'.");

    public const string BudgetExceededError = "budget_exceeded";

    /// <summary>The named (or default) connection, or why there is none.</summary>
    public static (ResponseConnection? Connection, ResponseFailure? Failure) Connect(ActivityExecutionContext context, string? connection)
    {
        try
        {
            var connectionName = ConnectionNameResolver.Resolve(context, connection);
            var client = context.GetRequiredService<IResponsesClientFactory>().CreateClient(connectionName);
            var options = context.GetRequiredService<IOptionsMonitor<ResponsesClientOptions>>().Get(connectionName);
            return (new ResponseConnection(client, options.MaxTokensPerWorkflowInstance, options.DefaultModel), null);
        }
        catch (Exception exception) when (exception is ArgumentException or OptionsValidationException)
        {
            return (null, new ResponseFailure(null, ErrorTypes.Configuration, null, exception.Message));
        }
    }

    /// <summary>
    /// The result of one call (and its repairs, when it asks for JSON, unless it is relayed to the HTTP caller), or the
    /// failure with what arrived before it. A call
    /// that would start with the workflow instance at or past its connection's token budget is not sent. What the call
    /// used is added to the instance's totals, failed calls included.
    /// </summary>
    public static async Task<(ResponseResult? Result, ResponseFailure? Failure)> SendAsync(
        ActivityExecutionContext context, ResponseConnection connection, ResponseRequest request, int repairAttempts)
    {
        if (connection.MaxTokensPerWorkflowInstance is { } budget && WorkflowUsage.Read(context.WorkflowExecutionContext).TotalTokens is var used && used >= budget)
            return (null, new ResponseFailure(null, BudgetExceededError, null,
                $"This workflow instance has used {used} tokens, and its connection allows {budget} (MaxTokensPerWorkflowInstance); nothing was sent."));

        // A relayed call streams to the caller as it arrives; an answer the caller has already read is not repaired.
        var (result, failure) = HttpResponseRelay.Current(context) is { } relay
            ? await relay.CallAsync(connection.Client, request)
            : await CallAsync(connection.Client, request, repairAttempts, context.CancellationToken);
        WorkflowUsage.Add(context.WorkflowExecutionContext, request.Model, result);
        return (result, failure);
    }

    private static async Task<(ResponseResult? Result, ResponseFailure? Failure)> CallAsync(IResponsesClient client, ResponseRequest request, int repairAttempts, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.CreateStructuredAsync(request, repairAttempts, cancellationToken), null);
        }
        catch (ResponsesApiException exception)
        {
            return (exception.Partial, Failed(exception));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The client reports its failures as ResponsesApiException; should anything else escape (a fake client, a
            // bug), it takes Failed too: a workflow is never faulted or left running by a call.
            return (null, Unexpected(exception));
        }
    }
}
