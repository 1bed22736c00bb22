namespace Elsa.Responses.Client.Results;

/// <summary>An error reported by the server, in an HTTP body, an <c>error</c> event or a failed response.</summary>
/// <param name="Type">The error type, such as <c>invalid_request_error</c>; null when the server gave none.</param>
/// <param name="Code">The error code, such as <c>invalid_api_key</c>; an integer code is kept as its text.</param>
/// <param name="Message">The human-readable message.</param>
/// <param name="Param">The request field the error is about, when the server names one.</param>
public sealed record ResponseError(string? Type, string? Code, string Message, string? Param = null);
