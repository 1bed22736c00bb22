using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Models;

/// <summary>Why an activity took its <c>Failed</c> (or <c>Invalid output</c>) outcome. Never contains the API key.</summary>
/// <param name="Status">The HTTP status, when the server answered with an error status.</param>
/// <param name="Type">The error type, such as <c>invalid_request_error</c>, <c>validation_error</c> or <c>timeout</c>.</param>
/// <param name="Code">The error code, such as <c>invalid_api_key</c>.</param>
/// <param name="Message">What went wrong; validation failures list every violation.</param>
/// <param name="RequestId">The server's request id, to quote to its support.</param>
/// <param name="SchemaErrors">For <c>invalid_output</c>: why the last answer does not match the Output schema.</param>
public sealed record ResponseFailure(int? Status, string? Type, string? Code, string Message, string? RequestId = null, IReadOnlyList<SchemaError>? SchemaErrors = null);
