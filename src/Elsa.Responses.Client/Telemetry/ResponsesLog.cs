using Microsoft.Extensions.Logging;

namespace Elsa.Responses.Client.Telemetry;

// The client's log events, with stable ids. They carry names, numbers and ids: never a prompt, an answer or the key.
internal static partial class ResponsesLog
{
    [LoggerMessage(EventId = 1, EventName = "ResponsesRequestStarted", Level = LogLevel.Debug,
        Message = "Responses call started: connection {Connection}, model {Model}, stream {Stream}")]
    public static partial void RequestStarted(ILogger logger, string connection, string? model, bool stream);

    [LoggerMessage(EventId = 2, EventName = "ResponsesRetry", Level = LogLevel.Information,
        Message = "Responses call retrying: attempt {Attempt}, status {StatusCode}, error {ErrorType}, waiting {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, int attempt, int? statusCode, string? errorType, double delayMs);

    [LoggerMessage(EventId = 3, EventName = "ResponsesRequestCompleted", Level = LogLevel.Information,
        Message = "Responses call completed: status {Status}, {InputTokens} input and {OutputTokens} output tokens, {DurationMs} ms")]
    public static partial void Completed(ILogger logger, string status, long? inputTokens, long? outputTokens, double durationMs);

    [LoggerMessage(EventId = 4, EventName = "ResponsesRequestFailed", Level = LogLevel.Warning,
        Message = "Responses call failed: error {ErrorType}, HTTP status {StatusCode}, request id {RequestId}, {DurationMs} ms")]
    public static partial void Failed(ILogger logger, string errorType, int? statusCode, string? requestId, double durationMs);
}
