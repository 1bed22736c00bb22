using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Client;

/// <summary>A client for one connection to a <c>POST /v1/responses</c> server.</summary>
public interface IResponsesClient
{
    /// <summary>
    /// Sends the request and returns the whole result. When <see cref="Requests.ResponseRequest.Stream"/> is set, the
    /// stream is read and aggregated, so the result is the same either way.
    /// </summary>
    /// <exception cref="Validation.ResponseValidationException">The request is invalid; nothing was sent.</exception>
    /// <exception cref="Errors.ResponsesApiException">The call failed; <c>Partial</c> holds what was received.</exception>
    Task<ResponseResult> CreateAsync(Requests.ResponseRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the response (the request's <c>Stream</c> flag is forced on). The last update is
    /// <see cref="ResponseUpdateKind.Completed"/> with the aggregated result. The request is validated before this returns.
    /// </summary>
    /// <exception cref="Validation.ResponseValidationException">The request is invalid; nothing was sent.</exception>
    IAsyncEnumerable<ResponseUpdate> StreamAsync(Requests.ResponseRequest request, CancellationToken cancellationToken = default);

    /// <summary>The model ids from <c>GET /v1/models</c>, sorted.</summary>
    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);
}
