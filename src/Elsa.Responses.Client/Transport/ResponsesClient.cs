using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Validation;
using Elsa.Responses.Client.Wire;
using Polly.Timeout;

namespace Elsa.Responses.Client.Transport;

// The HTTP side: one instance per connection, over an HttpClient from IHttpClientFactory whose handler retries.
internal sealed class ResponsesClient(HttpClient httpClient, ResponsesClientOptions options) : IResponsesClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private readonly SecretRedactor _redactor = new(options.ApiKey);

    public async Task<ResponseResult> CreateAsync(ResponseRequest request, CancellationToken cancellationToken = default)
    {
        ResponseRequestValidator.ThrowIfInvalid(request);
        if (request.Stream)
            return await StreamCoreAsync(request, cancellationToken).ToResultAsync(cancellationToken).ConfigureAwait(false);

        using var deadline = StartDeadline(cancellationToken);
        var empty = new ResponseResult { Status = ResponseStatus.Failed };
        using var response = await SendAsync(request, deadline.Token, cancellationToken, () => empty).ConfigureAwait(false);
        ResponseResult result;
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                throw ErrorFactory.FromHttp(response.StatusCode, response.Headers, body, _redactor);
            }

            result = await ParseResponseAsync(response.Content, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            throw TransportFailure(exception, empty);
        }

        return ThrowIfFailed(result);
    }

    public IAsyncEnumerable<ResponseUpdate> StreamAsync(ResponseRequest request, CancellationToken cancellationToken = default)
    {
        // Validate now, not when the caller first iterates, and as sent: with the stream flag on, so that
        // include_usage (which requires it) is accepted here.
        ArgumentNullException.ThrowIfNull(request);
        var streamed = request.Clone();
        streamed.Stream = true;
        ResponseRequestValidator.ThrowIfInvalid(streamed);
        return StreamCoreAsync(streamed, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var deadline = StartDeadline(cancellationToken);
        using var message = new HttpRequestMessage(HttpMethod.Get, options.Endpoint("models"));
        Authorize(message);
        var empty = new ResponseResult { Status = ResponseStatus.Failed };
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            throw TransportFailure(exception, empty);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw ErrorFactory.FromHttp(response.StatusCode, response.Headers, body, _redactor, "GET /v1/models");
            try
            {
                var list = JsonSerializer.Deserialize(body, ResponsesJsonContext.Default.WireModelList);
                return (list?.Data ?? []).Select(m => m.Id).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            }
            catch (JsonException exception)
            {
                throw ErrorFactory.Transport(ErrorTypes.InvalidResponse, $"GET /v1/models returned a body that is not a model list: {exception.Message}", empty, exception);
            }
        }
    }

    // The request has Stream set: StreamAsync sets it, and CreateAsync comes here only when it is set.
    private async IAsyncEnumerable<ResponseUpdate> StreamCoreAsync(ResponseRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var accumulator = new StreamAccumulator();
        using var deadline = StartDeadline(cancellationToken);
        using var response = await SendAsync(request, deadline.Token, cancellationToken, () => accumulator.Snapshot(ResponseStatus.Failed, null)).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            throw ErrorFactory.FromHttp(response.StatusCode, response.Headers, body, _redactor);
        }

        var isJsonBody = response.Content.Headers.ContentType?.MediaType == "application/json";
        if (isJsonBody)
        {
            // A server that ignores "stream": true answers with a plain response object.
            var whole = ThrowIfFailed(await ParseResponseAsync(response.Content, deadline.Token).ConfigureAwait(false));
            yield return new ResponseUpdate(ResponseUpdateKind.Completed, string.Empty, 0, result: whole);
            yield break;
        }

        var stream = new EventStreamTerminator(await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false));
        await using var events = SseParser.Create(stream, StreamEventParser.Parse).EnumerateAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        while (true)
        {
            ParsedStreamEvent parsed;
            try
            {
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                    break;
                parsed = events.Current.Data;
            }
            catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
            {
                throw TransportFailure(exception, accumulator.Snapshot(ResponseStatus.Failed, null));
            }

            if (parsed.IsDone)
            {
                accumulator.MarkDone();
                break;
            }

            if (parsed.ParseError is not null)
            {
                var message = $"A stream event's data is not valid JSON: {parsed.ParseError}";
                throw ErrorFactory.Transport(ErrorTypes.InvalidStreamEvent, message,
                    accumulator.Snapshot(ResponseStatus.Failed, new ResponseError(ErrorTypes.InvalidStreamEvent, null, message)));
            }

            if (parsed.Wire is null)
                continue;

            var update = accumulator.Apply(parsed.Wire, parsed.EventType);
            if (update is not null)
                yield return update;
            if (accumulator.IsTerminal)
                break;
        }

        yield return new ResponseUpdate(ResponseUpdateKind.Completed, string.Empty, 0, result: accumulator.Finish(_redactor));
    }

    // partial is called only when the send fails, so a call that succeeds does not build a result it throws away.
    private async Task<HttpResponseMessage> SendAsync(ResponseRequest request, CancellationToken token, CancellationToken callerToken, Func<ResponseResult> partial)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, options.Endpoint("responses"));
        Authorize(message);
        var content = new ByteArrayContent(RequestMapper.ToUtf8Json(request));
        content.Headers.ContentType = JsonMediaType;
        message.Content = content;
        if (request.Stream)
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        try
        {
            return await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, callerToken))
        {
            throw TransportFailure(exception, partial());
        }
    }

    // A 200 body whose status is "failed" is a failure like any other, with the response as the partial result.
    private ResponseResult ThrowIfFailed(ResponseResult result) =>
        result.Status == ResponseStatus.Failed
            ? throw ErrorFactory.InStream(result.Error ?? new ResponseError(null, null, "The response failed."), result, _redactor)
            : result;

    private void Authorize(HttpRequestMessage message)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
    }

    private CancellationTokenSource StartDeadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.TotalTimeout);
        return deadline;
    }

    // Parsed straight from the body stream into pooled buffers: a large answer is not first copied into a string.
    private static async Task<ResponseResult> ParseResponseAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var wire = document.RootElement.Deserialize(ResponsesJsonContext.Default.WireResponse)
                       ?? throw new JsonException("The body is null.");
            return ResponseMapper.ToResult(wire, document.RootElement);
        }
        catch (JsonException exception)
        {
            var message = $"The server's answer is not a response object: {exception.Message}";
            throw ErrorFactory.Transport(ErrorTypes.InvalidResponse, message, new ResponseResult { Status = ResponseStatus.Failed }, exception);
        }
    }

    // The caller's own cancellation is not a failure to report: it propagates as OperationCanceledException.
    private static bool IsTransportFailure(Exception exception, CancellationToken callerToken) =>
        exception is HttpRequestException or IOException or TimeoutRejectedException ||
        (exception is OperationCanceledException && !callerToken.IsCancellationRequested);

    private ResponsesApiException TransportFailure(Exception exception, ResponseResult partial)
    {
        var (type, message) = exception switch
        {
            TimeoutRejectedException => (ErrorTypes.Timeout, $"No response within the per-attempt timeout of {options.AttemptTimeout}."),
            OperationCanceledException => (ErrorTypes.Timeout, $"The call did not finish within the total timeout of {options.TotalTimeout}."),
            _ => (ErrorTypes.Connection, "The connection to the Responses server failed: " + _redactor.Redact(exception.Message)),
        };
        return ErrorFactory.Transport(type, message, partial.WithFailure(new ResponseError(type, null, message)), exception);
    }
}
