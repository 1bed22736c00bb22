using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Wire;

namespace Elsa.Responses.Client.Errors;

// The one place errors are made from what a server said, so every failure reads the same. Nothing here masks the key:
// every exception leaves the client through its one redaction point (SecretRedactor).
internal static partial class ErrorFactory
{
    private const int MaxRawBody = 4096;

    // The error types this client sets itself: their messages are complete as they stand.
    private static readonly HashSet<string> ClientTypes =
    [
        ErrorTypes.StreamEndedEarly, ErrorTypes.InvalidStreamEvent, ErrorTypes.Timeout, ErrorTypes.Connection,
        ErrorTypes.InvalidResponse, ErrorTypes.Transport, ErrorTypes.Configuration, ErrorTypes.Unexpected,
    ];

    public static ResponsesApiException FromHttp(HttpStatusCode status, HttpResponseHeaders headers, string body, string operation = "POST /v1/responses")
    {
        var (error, bodyRequestId) = ParseBody((int)status, body);
        var requestId = headers.TryGetValues("x-request-id", out var ids) ? ids.FirstOrDefault() : bodyRequestId;
        var message = $"{operation} failed with HTTP {(int)status} ({status}): {Describe(error)}";
        return new ResponsesApiException(message, error)
        {
            StatusCode = status,
            RequestId = requestId,
            RetryAfter = RetryAfterReader.Read(headers),
            RawBody = Truncate(body),
        };
    }

    /// <summary>The exception for a result whose status is failed: a failed response, an error event, or a stream that ended early.</summary>
    public static ResponsesApiException FromFailedResult(ResponseResult result, bool streamed)
    {
        var error = result.Error ?? new ResponseError(null, null, "The response failed.");
        var message = error.Type is { } type && ClientTypes.Contains(type)
            ? error.Message
            : $"{(streamed ? "The response stream reported an error" : "The response failed")}: {Describe(error)}";
        return new ResponsesApiException(message, error) { Partial = result };
    }

    /// <summary>An exception that is none of the above (a custom handler's bug), as a failure of its own type.</summary>
    public static ResponsesApiException Unexpected(Exception exception)
    {
        var message = $"{exception.GetType().Name}: {exception.Message}";
        return new ResponsesApiException(message, new ResponseError(ErrorTypes.Unexpected, null, message), exception);
    }

    public static ResponsesApiException Transport(string type, string message, ResponseResult partial, Exception? inner = null) =>
        new(message, new ResponseError(type, null, message), inner) { Partial = partial.WithFailure(new ResponseError(type, null, message)) };

    // "code: message", unless the message already starts with it; a numeric code (llama.cpp and vLLM repeat the HTTP
    // status there) adds nothing to a message that already names the status.
    public static string Describe(ResponseError error)
    {
        var prefix = error.Code is { } code && !code.All(char.IsAsciiDigit) ? code : error.Type;
        return prefix is null || error.Message.StartsWith(prefix, StringComparison.Ordinal) ? error.Message : $"{prefix}: {error.Message}";
    }

    public static ResponseError FromWire(WireError? wire, string fallbackMessage) =>
        wire is null
            ? new ResponseError(null, null, fallbackMessage)
            : new ResponseError(wire.Type, wire.Code, string.IsNullOrEmpty(wire.Message) ? fallbackMessage : wire.Message, wire.Param);


    private static (ResponseError Error, string? RequestId) ParseBody(int status, string body)
    {
        var fallback = $"HTTP {status}";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var requestId = root.TryGetProperty("request_id", out var rid) && rid.ValueKind == JsonValueKind.String ? rid.GetString() : null;
                if (root.TryGetProperty("error", out var envelope))
                {
                    // OpenAI, vLLM, Ollama: {"error":{message,type,param,code}}; some proxies: {"error":"text"}.
                    if (envelope.ValueKind == JsonValueKind.Object)
                        return (FromWire(ResponseObjectReader.Error.Read(envelope), fallback), requestId);
                    if (envelope.ValueKind == JsonValueKind.String)
                        return (new ResponseError(null, null, envelope.GetString() ?? fallback), requestId);
                }

                // DigitalOcean's control-plane shape: {"id":"unauthorized","message":"…","request_id":"…"}.
                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
                    return (new ResponseError(id, id, message.GetString() ?? fallback), requestId);
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not JSON: a gateway's HTML page or plain text. Fall through to the text summary.
        }

        return (new ResponseError(null, null, Summarize(body, fallback)), null);
    }

    private static string Summarize(string body, string fallback)
    {
        var text = HtmlTag().Replace(body, " ");
        text = Whitespace().Replace(text, " ").Trim();
        if (text.Length == 0)
            return fallback;
        return text.Length > 200 ? string.Concat(text.AsSpan(0, 200), "…") : text;
    }

    private static string Truncate(string body) => body.Length <= MaxRawBody ? body : body[..MaxRawBody];

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>|<[^>]+>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
