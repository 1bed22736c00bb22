using System.Text;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Client.Structured;

/// <summary>
/// Structured output with repair: a call whose request asks for JSON (<see cref="ResponseRequest.TextFormat"/>) is
/// checked by the client, and an answer that fails is sent back, up to <c>repairAttempts</c> times, as the
/// conversation plus a user message that lists each error (JSON Pointer and message). The usage of every attempt is
/// summed; <see cref="ResponseResult.Attempts"/> counts them and <see cref="ResponseResult.SchemaErrors"/> holds the
/// last attempt's errors. An answer cut short is <c>incomplete</c> and is not repaired.
/// </summary>
public static class StructuredOutput
{
    /// <summary>Repairs when nothing else is said.</summary>
    public const int DefaultRepairAttempts = 1;

    /// <summary>
    /// Makes the call (streamed when the request says so) and repairs the answer while it fails its schema. Failures
    /// throw <see cref="Errors.ResponsesApiException"/> as <see cref="IResponsesClient.CreateAsync"/> does.
    /// </summary>
    public static async Task<ResponseResult> CreateStructuredAsync(this IResponsesClient client, ResponseRequest request,
        int repairAttempts = DefaultRepairAttempts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(repairAttempts);

        var result = await CallAsync(client, request, cancellationToken);
        if (request.TextFormat is not { ExpectsJson: true } || request.Input is null)
            return result;

        var usage = result.Usage;
        var attempts = 1;
        var conversation = request.Input.ToItems().ToList();
        while (result.Status == ResponseStatus.Completed && result.SchemaErrors.Count > 0 && attempts <= repairAttempts)
        {
            conversation.AddRange(AnswerItems(result));
            conversation.Add(InputItem.Message("user", RepairMessage(result.SchemaErrors)));
            var repair = request.Clone();
            repair.Input = ResponseInput.FromItems(conversation);
            result = await CallAsync(client, repair, cancellationToken);
            usage = ResponseUsage.Sum(usage, result.Usage);
            attempts++;
        }

        return result with { Usage = usage, Attempts = attempts };
    }

    /// <summary>The user message that asks for a corrected answer: every error, by JSON Pointer.</summary>
    public static string RepairMessage(IReadOnlyList<SchemaError> errors)
    {
        var message = new StringBuilder("Your answer does not match the required JSON schema:\n");
        foreach (var error in errors)
            message.Append("- ").Append(error).Append('\n');
        message.Append("Answer again with only the corrected JSON value, and nothing else.");
        return message.ToString();
    }

    private static Task<ResponseResult> CallAsync(IResponsesClient client, ResponseRequest request, CancellationToken cancellationToken) =>
        request.Stream ? client.StreamAsync(request, cancellationToken).ToResultAsync(cancellationToken) : client.CreateAsync(request, cancellationToken);

    // The answer as the model gave it; a server that returns no output items gets an assistant message with its text.
    private static IEnumerable<InputItem> AnswerItems(ResponseResult result) =>
        result.OutputItems.Count > 0 ? result.OutputItems.Select(InputItem.FromJson) : [InputItem.Message("assistant", result.Text)];
}
