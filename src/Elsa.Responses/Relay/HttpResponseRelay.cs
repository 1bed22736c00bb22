using Elsa.Responses.Activities;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Relay;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Relay;

/// <summary>
/// An activity's relay to the HTTP request that started its workflow (<c>RelayToHttpResponse</c>): the response becomes
/// a <c>text/event-stream</c> of OpenAI's typed events, written by <see cref="ResponseEventWriter"/> as the upstream
/// deltas arrive. It lives in the activity execution's transient properties for the length of one execution, so the
/// call (<see cref="ResponseCall"/>) and the activity's ending find it there. A disconnect of the caller cancels
/// the upstream call, which then fails with <see cref="ClientDisconnected"/>, keeping what was relayed.
/// </summary>
internal sealed class HttpResponseRelay : IDisposable
{
    public const string ClientDisconnected = "client_disconnected";

    private const string Key = "Elsa.Responses:Relay";

    // Set on the workflow execution once a relay has started its response; WriteAfterRelayGuard reads it.
    private const string StartedKey = "Elsa.Responses:RelayStarted";

    // Elsa's HTTP workflows middleware starts and resumes workflows with this input key set to true (HttpEndpoint.HttpContextInputKey, internal).
    private const string HttpContextInputKey = "HttpContext";

    private readonly HttpContext _httpContext;
    private readonly CancellationToken _callerGone;
    private readonly CancellationTokenSource _calls;

    private HttpResponseRelay(HttpContext httpContext, CancellationToken callerGone, CancellationToken workflow, string model)
    {
        _httpContext = httpContext;
        _callerGone = callerGone;
        _calls = CancellationTokenSource.CreateLinkedTokenSource(callerGone, workflow);
        Writer = new ResponseEventWriter(httpContext.Response.Body, model, httpContext.RequestServices.GetService<TimeProvider>());
    }

    /// <summary>Writes the typed events.</summary>
    public ResponseEventWriter Writer { get; }

    /// <summary>True once the caller has disconnected.</summary>
    public bool CallerGone => _callerGone.IsCancellationRequested;

    /// <summary>
    /// Starts a relay when <paramref name="requested"/> and the workflow runs inside the HTTP request that triggered it;
    /// otherwise notes in the journal why not (when requested) and returns null.
    /// </summary>
    public static HttpResponseRelay? Open(ActivityExecutionContext context, bool requested, string? model)
    {
        if (!requested)
            return null;

        var httpContext = context.GetService<IHttpContextAccessor>()?.HttpContext;
        var triggeredByHttp = context.WorkflowInput.TryGetValue(HttpContextInputKey, out var flag) && flag is true;
        if (httpContext is null || !triggeredByHttp)
            return Skip(context, "this workflow is not running inside an HTTP request (an HTTP Endpoint starts or resumes it)");
        if (httpContext.Response.HasStarted)
            return Skip(context, "the HTTP response has already started");

        var caller = httpContext.Features.Get<CallerConnection>();
        caller?.Claim();
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var relay = new HttpResponseRelay(httpContext, caller?.Gone ?? httpContext.RequestAborted, context.CancellationToken, model ?? string.Empty);
        context.TransientProperties[Key] = relay;
        context.WorkflowExecutionContext.TransientProperties[StartedKey] = true;
        context.JournalData["Relay"] = "text/event-stream";
        return relay;
    }

    /// <summary>The relay this activity execution opened, or null.</summary>
    public static HttpResponseRelay? Current(ActivityExecutionContext context) =>
        context.TransientProperties.TryGetValue(Key, out var relay) ? relay as HttpResponseRelay : null;

    /// <summary>True once an activity of this workflow execution has relayed to the HTTP response.</summary>
    public static bool HasRelayed(WorkflowExecutionContext context) => context.TransientProperties.ContainsKey(StartedKey);

    /// <summary>One upstream call, streamed and relayed: its result, or the failure with what arrived before it.</summary>
    public async Task<(ResponseResult? Result, ResponseFailure? Failure)> CallAsync(IResponsesClient client, ResponseRequest request)
    {
        try
        {
            return (await Writer.RelayAsync(client.StreamAsync(request, _calls.Token), _calls.Token), null);
        }
        catch (ResponsesApiException exception) when (!CallerGone)
        {
            return (exception.Partial ?? Writer.Partial(ResponseStatus.Failed), ResponseCall.Failed(exception));
        }
        catch (Exception exception) when (CallerGone && exception is OperationCanceledException or IOException or ResponsesApiException)
        {
            return (Writer.Partial(ResponseStatus.Failed), Disconnected());
        }
    }

    /// <summary>A tool's result, as a finished <c>function_call_output</c> item.</summary>
    public async Task WriteToolOutputAsync(string callId, string output)
    {
        try
        {
            await Writer.WriteToolOutputAsync(callId, output, _calls.Token);
        }
        catch (Exception exception) when (CallerGone && exception is OperationCanceledException or IOException)
        {
            // The next call reports the disconnect.
        }
    }

    /// <summary>
    /// Ends the caller's stream: <c>response.failed</c> with the failure, else <c>response.completed</c> or
    /// <c>response.incomplete</c> (with <paramref name="incompleteReason"/>). Nothing is written to a caller who has gone.
    /// </summary>
    public async Task EndAsync(ResponseStatus status, ResponseUsage? usage, ResponseFailure? failure, string? incompleteReason = null)
    {
        try
        {
            if (CallerGone || Writer.Ended)
                return;
            if (failure is not null)
                await Writer.FailAsync(failure.Type ?? ErrorTypes.Unexpected, failure.Message, usage, _calls.Token);
            else
                await Writer.CompleteAsync(status, usage, incompleteReason, _calls.Token);
        }
        catch (Exception exception) when (CallerGone && exception is OperationCanceledException or IOException)
        {
            // The caller hung up after the last delta.
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>The failure of a relayed call whose caller hung up.</summary>
    public static ResponseFailure Disconnected() =>
        new(null, ClientDisconnected, null, "The HTTP caller disconnected during the relay; the upstream request was cancelled.");

    public void Dispose() => _calls.Dispose();

    private static HttpResponseRelay? Skip(ActivityExecutionContext context, string reason)
    {
        context.AddExecutionLogEntry("Relay skipped", $"RelayToHttpResponse is set, but {reason}: nothing was relayed.");
        context.JournalData["Relay"] = "skipped: " + reason;
        return null;
    }
}
