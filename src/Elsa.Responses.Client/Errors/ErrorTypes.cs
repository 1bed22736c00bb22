namespace Elsa.Responses.Client.Errors;

/// <summary>The <see cref="Results.ResponseError.Type"/> values this client sets for failures that the server did not describe.</summary>
public static class ErrorTypes
{
    /// <summary>The stream ended before <c>response.completed</c>, <c>response.incomplete</c> or <c>response.failed</c>.</summary>
    public const string StreamEndedEarly = "stream_ended_early";

    /// <summary>An event's data was not valid JSON.</summary>
    public const string InvalidStreamEvent = "invalid_stream_event";

    /// <summary>The call took longer than the configured total or per-attempt timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The connection failed or was reset.</summary>
    public const string Connection = "connection_error";

    /// <summary>Reading the body failed: a reset, a body shorter than its Content-Length, broken chunking, or a body or event over its size limit.</summary>
    public const string Transport = "transport_error";

    /// <summary>The connection is not configured: no such connection name, or none at all.</summary>
    public const string Configuration = "configuration_error";

    /// <summary>The connection's concurrency limit and its queue were full: the call was not sent.</summary>
    public const string RateLimitedLocally = "rate_limited_locally";

    /// <summary>Something else failed inside the call, such as a custom HTTP handler: the message is the exception's, with the key masked.</summary>
    public const string Unexpected = "unexpected_error";

    /// <summary>A 200 body that is not a response object.</summary>
    public const string InvalidResponse = "invalid_response";
}
