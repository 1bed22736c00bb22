using System.Net;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Errors;

/// <summary>
/// A call to the Responses API failed: an HTTP error, an error in the stream, a failed response, a stream that ended
/// early, a timeout or a broken connection. What was received before the failure is kept in <see cref="Partial"/>.
/// </summary>
/// <remarks>Messages and bodies never contain the configured API key: it is replaced by <c>***</c>.</remarks>
public sealed class ResponsesApiException : Exception
{
    /// <summary>Creates the exception; public so that tests can fake <see cref="IResponsesClient"/>.</summary>
    /// <param name="message">What went wrong, for people.</param>
    /// <param name="error">The error as the server (or this client) described it.</param>
    /// <param name="innerException">The transport exception behind it, if any.</param>
    public ResponsesApiException(string message, ResponseError error, Exception? innerException = null)
        : base(message, innerException) => Error = error ?? throw new ArgumentNullException(nameof(error));

    /// <summary>The HTTP status; null when the failure came after a 200 (in the stream) or before any answer.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The error as the server (or this client, for transport failures) described it.</summary>
    public ResponseError Error { get; }

    /// <summary>The <c>x-request-id</c> header, or the body's <c>request_id</c>: quote it to the provider's support.</summary>
    public string? RequestId { get; init; }

    /// <summary>How long the server asked to wait, from <c>Retry-After</c> or <c>ratelimit-reset</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The response body, truncated to 4,096 characters.</summary>
    public string? RawBody { get; init; }

    /// <summary>The text, reasoning and tool calls received before the failure; never null.</summary>
    public ResponseResult Partial { get; init; } = new() { Status = ResponseStatus.Failed };

    /// <summary>The exception as <see cref="Errors.ResponsesApiException"/> with every text made safe; used by the client's one redaction point.</summary>
    internal ResponsesApiException With(string message, ResponseError error, ResponseResult partial, string? rawBody, Exception? inner) =>
        new(message, error, inner) { StatusCode = StatusCode, RequestId = RequestId, RetryAfter = RetryAfter, RawBody = rawBody, Partial = partial };
}
