using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Microsoft.Extensions.Logging;

namespace Elsa.Responses.Client.Telemetry;

// The telemetry of one model call: a CLIENT span named "chat {model}" with the GenAI attributes, the duration,
// token and time-to-first-chunk metrics, and the started/completed/failed log events. It sees only what leaves the
// client (redacted results and exceptions); content is recorded only when the connection asks for it, redacted too.
internal sealed class CallTelemetry : IDisposable
{
    private readonly ResponseRequest _request;
    private readonly ResponsesClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<string, string> _redact;
    private readonly long _started;
    private readonly Activity? _activity;
    private readonly TagList _metricTags;
    private readonly bool _measured;
    private bool _firstChunk;
    private bool _ended;

    private CallTelemetry(ResponseRequest request, ResponsesClientOptions options, string connection, TimeProvider time, ILogger logger, Func<string, string> redact)
    {
        _request = request;
        _options = options;
        _time = time;
        _logger = logger;
        _redact = redact;
        _started = time.GetTimestamp();
        ResponsesLog.RequestStarted(logger, connection, request.Model, request.Stream);

        // Nothing is built for what nobody listens to: no tags (the port would be boxed), no span name.
        _measured = ResponsesTelemetry.OperationDuration.Enabled || ResponsesTelemetry.TokenUsage.Enabled || ResponsesTelemetry.TimeToFirstChunk.Enabled;
        var tracing = ResponsesTelemetry.Source.HasListeners();
        if (!_measured && !tracing)
            return;
        var (address, port) = Server(options);
        if (_measured)
        {
            _metricTags = new TagList
            {
                { GenAiAttributes.OperationName, GenAiAttributes.Chat },
                { GenAiAttributes.ProviderName, options.ProviderName },
                { GenAiAttributes.RequestModel, request.Model },
                { GenAiAttributes.ServerAddress, address },
                { GenAiAttributes.ServerPort, port },
            };
        }

        _activity = tracing ? ResponsesTelemetry.Source.StartActivity($"{GenAiAttributes.Chat} {request.Model}", ActivityKind.Client) : null;
        if (_activity is not { IsAllDataRequested: true } span)
            return;
        span.SetTag(GenAiAttributes.OperationName, GenAiAttributes.Chat);
        span.SetTag(GenAiAttributes.ProviderName, options.ProviderName);
        span.SetTag(GenAiAttributes.RequestModel, request.Model);
        span.SetTag(GenAiAttributes.RequestTemperature, request.Temperature);
        span.SetTag(GenAiAttributes.RequestTopP, request.TopP);
        span.SetTag(GenAiAttributes.RequestMaxTokens, request.MaxOutputTokens);
        if (request.Stop is { Count: > 0 } stop)
            span.SetTag(GenAiAttributes.RequestStopSequences, stop.ToArray());
        span.SetTag(GenAiAttributes.RequestStream, request.Stream);
        span.SetTag(GenAiAttributes.ServerAddress, address);
        span.SetTag(GenAiAttributes.ServerPort, port);
    }

    public static CallTelemetry Start(ResponseRequest request, ResponsesClientOptions options, string connection, TimeProvider time, ILogger logger, Func<string, string> redact) =>
        new(request, options, connection, time, logger, redact);

    /// <summary>The first event of a stream arrived.</summary>
    public void FirstChunk()
    {
        if (_firstChunk)
            return;
        _firstChunk = true;
        if (_measured && ResponsesTelemetry.TimeToFirstChunk.Enabled)
            ResponsesTelemetry.TimeToFirstChunk.Record(_time.GetElapsedTime(_started).TotalSeconds, _metricTags);
    }

    public void Completed(ResponseResult result)
    {
        if (_ended)
            return;
        _ended = true;
        var duration = _time.GetElapsedTime(_started);
        if (_measured)
            RecordCompleted(result, duration);

        ResponsesLog.Completed(_logger, result.Status.Value, result.Usage?.InputTokens, result.Usage?.OutputTokens, duration.TotalMilliseconds);
        if (_activity is not { IsAllDataRequested: true } span)
        {
            _activity?.Stop();
            return;
        }

        span.SetTag(GenAiAttributes.ResponseId, result.Id);
        span.SetTag(GenAiAttributes.ResponseModel, result.Model);
        span.SetTag(GenAiAttributes.ResponseFinishReasons, new[] { FinishReason(result) });
        if (result.Usage is { } counts)
        {
            span.SetTag(GenAiAttributes.UsageInputTokens, counts.InputTokens);
            span.SetTag(GenAiAttributes.UsageOutputTokens, counts.OutputTokens);
            span.SetTag(GenAiAttributes.UsageCacheReadInputTokens, counts.CachedTokens);
            span.SetTag(GenAiAttributes.UsageReasoningOutputTokens, counts.ReasoningTokens);
        }

        if (_options.CaptureMessageContent)
            AddContent(span, result);
        span.Stop();
    }

    public void Failed(Exception exception)
    {
        if (_ended)
            return;
        _ended = true;
        var duration = _time.GetElapsedTime(_started);
        var api = exception as ResponsesApiException;
        var errorType = ErrorTypeOf(exception);
        if (_measured && ResponsesTelemetry.OperationDuration.Enabled)
        {
            var tags = _metricTags;
            tags.Add(GenAiAttributes.ErrorType, errorType);
            ResponsesTelemetry.OperationDuration.Record(duration.TotalSeconds, tags);
        }

        ResponsesLog.Failed(_logger, errorType, api?.StatusCode is { } status ? (int)status : null, api?.RequestId, duration.TotalMilliseconds);
        if (_activity is null)
            return;
        _activity.SetTag(GenAiAttributes.ErrorType, errorType);
        if (api?.StatusCode is { } code)
            _activity.SetTag(GenAiAttributes.HttpResponseStatusCode, (int)code);
        // The type alone: an exception's message may quote what a server sent.
        _activity.SetStatus(ActivityStatusCode.Error, errorType);
        _activity.Stop();
    }

    private void RecordCompleted(ResponseResult result, TimeSpan duration)
    {
        var tags = _metricTags;
        if (result.Model is { } responseModel)
            tags.Add(GenAiAttributes.ResponseModel, responseModel);
        if (ResponsesTelemetry.OperationDuration.Enabled)
            ResponsesTelemetry.OperationDuration.Record(duration.TotalSeconds, tags);
        if (result.Usage is { } usage && ResponsesTelemetry.TokenUsage.Enabled)
        {
            var input = tags;
            input.Add(GenAiAttributes.TokenType, "input");
            ResponsesTelemetry.TokenUsage.Record(usage.InputTokens, input);
            var output = tags;
            output.Add(GenAiAttributes.TokenType, "output");
            ResponsesTelemetry.TokenUsage.Record(usage.OutputTokens, output);
        }
    }

    // A call abandoned before it ended (the caller cancelled, or stopped reading a stream).
    public void Dispose()
    {
        if (_ended)
            return;
        _ended = true;
        _activity?.SetTag(GenAiAttributes.ErrorType, "cancelled");
        _activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
        _activity?.Stop();
    }

    internal static string ErrorTypeOf(Exception exception) => exception switch
    {
        ResponsesApiException { Error.Type: { Length: > 0 } type } => type,
        ResponsesApiException { StatusCode: { } status } => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        OperationCanceledException => "cancelled",
        _ => exception.GetType().FullName ?? "error",
    };

    // The Responses API has no finish_reason: it is read from the status, as the conventions' values.
    internal static string FinishReason(ResponseResult result) => result.Status.Value switch
    {
        "completed" when result.ToolCalls.Count > 0 => "tool_call",
        "completed" => "stop",
        "incomplete" when result.IncompleteReason is null or "max_output_tokens" => "length",
        "incomplete" => result.IncompleteReason!,
        var other => other,
    };

    private void AddContent(Activity span, ResponseResult result)
    {
        var input = _request.Input?.ToItems().Select(i => (JsonNode?)JsonNode.Parse(i.Json.GetRawText())).ToArray() ?? [];
        var output = new JsonArray(new JsonObject
        {
            ["role"] = "assistant",
            ["parts"] = new JsonArray(new JsonObject { ["type"] = "text", ["content"] = result.Text }),
            ["finish_reason"] = FinishReason(result),
        });
        var tags = new ActivityTagsCollection
        {
            [GenAiAttributes.InputMessages] = _redact(new JsonArray(input).ToJsonString()),
            [GenAiAttributes.OutputMessages] = output.ToJsonString(),
        };
        if (_request.Instructions is { } instructions)
            tags[GenAiAttributes.SystemInstructions] = _redact(instructions);
        span.AddEvent(new ActivityEvent("gen_ai.client.inference.operation.details", tags: tags));
    }

    private static (string? Address, int? Port) Server(ResponsesClientOptions options) =>
        options.BaseUrl is { } url ? (url.Host, url.Port) : (null, null);
}
