using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Mapping;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Telemetry;
using Elsa.Responses.Client.Validation;
using Elsa.Responses.Client.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Elsa.Responses.Client.Transport;

// The HTTP side: one instance per connection, over an HttpClient from IHttpClientFactory whose handler retries.
// Every result, update and exception leaves through the public methods, which pass it through the one redaction point.
internal sealed class ResponsesClient(
    HttpClient httpClient,
    ResponsesClientOptions options,
    TimeProvider time,
    SecretRedactor? redactor = null,
    string connectionName = "default",
    ILogger? logger = null) : IResponsesClient
{
    /// <summary>Error bodies are read up to this many bytes: enough for any error object, not for a runaway page.</summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private readonly SecretRedactor _redactor = redactor ?? new SecretRedactor(options.ApiKey);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Uri _responsesEndpoint = options.Endpoint("responses");
    private readonly string? _authorization = string.IsNullOrEmpty(options.ApiKey) ? null : "Bearer " + options.ApiKey;

    public async Task<ResponseResult> CreateAsync(ResponseRequest request, CancellationToken cancellationToken = default)
    {
        ResponseRequestValidator.ThrowIfInvalid(request);
        using var telemetry = StartTelemetry(request);
        try
        {
            var result = request.Stream
                ? await StreamCoreAsync(request, cancellationToken, telemetry).ToResultAsync(cancellationToken).ConfigureAwait(false)
                : await CreateCoreAsync(request, cancellationToken).ConfigureAwait(false);
            var leaving = _redactor.Redact(result);
            telemetry.Completed(leaving);
            return leaving;
        }
        catch (Exception exception) when (IsUnexpected(exception, cancellationToken))
        {
            var leaving = Leaving(exception);
            telemetry.Failed(leaving);
            throw leaving;
        }
    }

    public IAsyncEnumerable<ResponseUpdate> StreamAsync(ResponseRequest request, CancellationToken cancellationToken = default)
    {
        // Validate now, not when the caller first iterates, and as sent: with the stream flag on, so that
        // include_usage (which requires it) is accepted here.
        ArgumentNullException.ThrowIfNull(request);
        var streamed = request.Clone();
        streamed.Stream = true;
        ResponseRequestValidator.ThrowIfInvalid(streamed);
        return new LeavingUpdates(
            telemetry => StreamCoreAsync(streamed, cancellationToken, telemetry),
            () => StartTelemetry(streamed),
            _redactor.Redact,
            // Cancelled by the caller through StreamAsync's token or the enumerator's (WithCancellation): not a failure.
            (exception, token) => IsUnexpected(exception, cancellationToken) && IsUnexpected(exception, token) ? Leaving(exception) : null);
    }

    private CallTelemetry StartTelemetry(ResponseRequest request) =>
        CallTelemetry.Start(request, options, connectionName, time, _logger, _redactor.Redact);

    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ListModelsCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsUnexpected(exception, cancellationToken))
        {
            throw Leaving(exception);
        }
    }

    // Every exception that leaves the client is a ResponsesApiException with the key masked, but for the caller's own
    // cancellation and invalid requests (which carry only what the caller wrote).
    private static bool IsUnexpected(Exception exception, CancellationToken callerToken) =>
        exception is not ResponseValidationException &&
        !(exception is OperationCanceledException && callerToken.IsCancellationRequested);

    private ResponsesApiException Leaving(Exception exception) =>
        _redactor.Redact(exception as ResponsesApiException ?? ErrorFactory.Unexpected(exception));

    private async Task<ResponseResult> CreateCoreAsync(ResponseRequest request, CancellationToken cancellationToken)
    {
        using var deadline = StartDeadline(cancellationToken);
        var empty = new ResponseResult { Status = ResponseStatus.Failed };
        using var response = await SendAsync(request, deadline.Token, cancellationToken, () => empty).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await HttpFailureAsync(response, "POST /v1/responses", empty, deadline.Token, cancellationToken).ConfigureAwait(false);
        var result = await ReadBodyAsync(() => ParseResponseAsync(response.Content, deadline.Token), empty, cancellationToken).ConfigureAwait(false);
        return Conclude(request, result, streamed: false);
    }

    private async Task<IReadOnlyList<string>> ListModelsCoreAsync(CancellationToken cancellationToken)
    {
        const string operation = "GET /v1/models";
        using var deadline = StartDeadline(cancellationToken);
        using var message = new HttpRequestMessage(HttpMethod.Get, options.Endpoint("models"));
        Authorize(message);
        var empty = new ResponseResult { Status = ResponseStatus.Failed };
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            throw TransportFailure(exception, empty, Stage.Send);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw await HttpFailureAsync(response, operation, empty, deadline.Token, cancellationToken).ConfigureAwait(false);
            var body = await ReadBodyAsync(() => response.Content.ReadAsStringAsync(deadline.Token), empty, cancellationToken).ConfigureAwait(false);
            try
            {
                var list = JsonSerializer.Deserialize(body, ResponsesJsonContext.Default.WireModelList);
                return (list?.Data ?? []).Select(m => m.Id).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            }
            catch (JsonException exception)
            {
                throw ErrorFactory.Transport(ErrorTypes.InvalidResponse, $"{operation} returned a body that is not a model list: {exception.Message}", empty, exception);
            }
        }
    }

    // The request has Stream set: StreamAsync sets it, and CreateAsync comes here only when it is set.
    private async IAsyncEnumerable<ResponseUpdate> StreamCoreAsync(ResponseRequest request, [EnumeratorCancellation] CancellationToken cancellationToken, CallTelemetry? telemetry = null)
    {
        var accumulator = new StreamAccumulator();
        using var deadline = StartDeadline(cancellationToken);
        var empty = new ResponseResult { Status = ResponseStatus.Failed };
        using var response = await SendAsync(request, deadline.Token, cancellationToken, () => empty).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await HttpFailureAsync(response, "POST /v1/responses", empty, deadline.Token, cancellationToken).ConfigureAwait(false);

        if (IsJson(response.Content.Headers))
        {
            // A server that ignores "stream": true answers with a plain response object.
            var whole = await ReadBodyAsync(() => ParseResponseAsync(response.Content, deadline.Token), empty, cancellationToken).ConfigureAwait(false);
            yield return new ResponseUpdate(ResponseUpdateKind.Completed, string.Empty, 0, result: Conclude(request, whole, streamed: true));
            yield break;
        }

        var updates = new List<ResponseUpdate>(2);
        var body = await ReadBodyAsync(() => response.Content.ReadAsStreamAsync(deadline.Token), empty, cancellationToken).ConfigureAwait(false);
        var stream = new EventStreamTerminator(new EventSizeLimiter(body, options.MaxEventBytes));
        await using var events = SseParser.Create(stream, StreamEventParser.Parse).EnumerateAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        while (true)
        {
            ParsedStreamEvent parsed;
            try
            {
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                    break;
                parsed = events.Current.Data;
                telemetry?.FirstChunk();
            }
            catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
            {
                throw TransportFailure(exception, accumulator.Snapshot(new ResponseError(ErrorTypes.Transport, null, "The stream failed.")));
            }

            if (parsed.IsDone)
            {
                accumulator.MarkDone();
                break;
            }

            if (parsed.ParseError is not null)
            {
                var message = $"A stream event's data is not valid JSON: {parsed.ParseError}";
                throw ErrorFactory.FromFailedResult(accumulator.Snapshot(new ResponseError(ErrorTypes.InvalidStreamEvent, null, message)), streamed: true);
            }

            if (parsed.Wire is null)
                continue;

            accumulator.Apply(parsed.Wire, parsed.EventType, updates);
            foreach (var update in updates)
                yield return update;
            updates.Clear();
            if (accumulator.IsTerminal)
                break;
        }

        yield return new ResponseUpdate(ResponseUpdateKind.Completed, string.Empty, 0, result: Conclude(request, accumulator.Finish(), streamed: true));
    }

    // The header is read as sent, not parsed into a MediaTypeHeaderValue (a lock and several objects): only its media
    // type matters here, and media types compare without regard to case.
    private static bool IsJson(HttpContentHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues("Content-Type", out var values))
            return false;
        foreach (var value in values)
        {
            var end = value.IndexOf(';');
            return value.AsSpan(0, end < 0 ? value.Length : end).Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    // The one place that decides a finished result is a failure, and raises it; otherwise the result is reviewed against
    // the request (truncation a server did not report, a tool_choice it ignored).
    private static ResponseResult Conclude(ResponseRequest request, ResponseResult result, bool streamed) =>
        result.Status == ResponseStatus.Failed
            ? throw ErrorFactory.FromFailedResult(result, streamed)
            : ResultReview.Review(request, result);

    // partial is called only when the send fails, so a call that succeeds does not build a result it throws away.
    private async Task<HttpResponseMessage> SendAsync(ResponseRequest request, CancellationToken token, CancellationToken callerToken, Func<ResponseResult> partial)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _responsesEndpoint);
        Authorize(message);
        var content = new ByteArrayContent(RequestMapper.ToUtf8Json(request));
        content.Headers.ContentType = JsonMediaType;
        message.Content = content;
        if (request.Stream)
            message.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        try
        {
            return await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, callerToken))
        {
            throw TransportFailure(exception, partial(), Stage.Send);
        }
    }

    // An error status: the body is read (up to MaxErrorBodyBytes) for the server's description of the error. It is
    // redacted before it is parsed as well as after: RawBody and a page's summary are cut short, and a cut through the
    // key would leave a piece of it that the redaction point, which sees only the cut text, cannot recognise.
    private async Task<ResponsesApiException> HttpFailureAsync(HttpResponseMessage response, string operation, ResponseResult partial, CancellationToken token, CancellationToken callerToken)
    {
        var body = await ReadBodyAsync(() => ReadBoundedAsync(response.Content, MaxErrorBodyBytes, token), partial, callerToken).ConfigureAwait(false);
        return ErrorFactory.FromHttp(response.StatusCode, response.Headers, _redactor.Redact(body), operation);
    }

    // Every read of a response body goes through here: a reset, a body cut short of its Content-Length or broken
    // chunking becomes a transport_error that keeps what had arrived.
    private async Task<T> ReadBodyAsync<T>(Func<Task<T>> read, ResponseResult partial, CancellationToken callerToken)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, callerToken))
        {
            throw TransportFailure(exception, partial);
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[limit];
        var length = 0;
        int read;
        while (length < limit && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            length += read;
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    // Headers go in as the text that is sent (the transport writes them as they are), not as typed values that are
    // formatted again on every send.
    private void Authorize(HttpRequestMessage message)
    {
        if (_authorization is not null)
            message.Headers.TryAddWithoutValidation("Authorization", _authorization);
    }

    private Deadline StartDeadline(CancellationToken cancellationToken) => new(options.TotalTimeout, time, cancellationToken);

    // Parsed straight from the body stream into pooled buffers: a large answer is not first copied into a string.
    private static async Task<ResponseResult> ParseResponseAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var wire = ResponseObjectReader.Response.Read(document.RootElement) ?? throw new JsonException("The body is null.");
            return ResponseMapper.ToResult(wire, RawResponseJson.Of(document.RootElement));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            var message = $"The server's answer is not a response object: {exception.Message}";
            throw ErrorFactory.Transport(ErrorTypes.InvalidResponse, message, new ResponseResult { Status = ResponseStatus.Failed }, exception);
        }
    }

    // The caller's own cancellation is not a failure to report: it propagates as OperationCanceledException.
    private static bool IsTransportFailure(Exception exception, CancellationToken callerToken) =>
        exception is HttpRequestException or IOException or TimeoutRejectedException or RateLimiterRejectedException ||
        (exception is OperationCanceledException && !callerToken.IsCancellationRequested);

    private ResponsesApiException TransportFailure(Exception exception, ResponseResult partial, Stage stage = Stage.ReadBody)
    {
        var (type, message) = exception switch
        {
            TimeoutRejectedException => (ErrorTypes.Timeout, $"No response within the per-attempt timeout of {options.AttemptTimeout}."),
            RateLimiterRejectedException => (ErrorTypes.RateLimitedLocally,
                $"The connection's {options.MaxConcurrentRequests} concurrent requests are busy and its queue of {options.QueueLimit} is full; nothing was sent."),
            OperationCanceledException => (ErrorTypes.Timeout, $"The call did not finish within the total timeout of {options.TotalTimeout}."),
            EventTooLargeException => (ErrorTypes.Transport, exception.Message),
            _ when stage == Stage.Send => (ErrorTypes.Connection, "The connection to the Responses server failed: " + exception.Message),
            _ => (ErrorTypes.Transport, "Reading the response failed: " + exception.Message),
        };
        return ErrorFactory.Transport(type, message, partial, exception);
    }

    // Where a transport failure happened: before the response headers (connection_error) or while reading the body (transport_error).
    private enum Stage
    {
        Send,
        ReadBody,
    }
}
