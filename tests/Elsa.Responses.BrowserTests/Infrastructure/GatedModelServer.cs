using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>
/// A loopback model server (Kestrel on 127.0.0.1) whose streams pause: it sends the first text delta, then holds back
/// the rest until the test opens the gate (<see cref="OpenGate"/>). The model a request names picks the wire format:
/// <see cref="TypedModel"/> answers OpenAI's typed events, <see cref="ChatModel"/> DigitalOcean's chat-completion chunks,
/// and <see cref="FailingModel"/> fails after the first delta with an error that echoes the key (as real servers do).
/// A request without <c>stream</c> gets one response object.
/// </summary>
public sealed class GatedModelServer : IAsyncDisposable
{
    public const string TypedModel = "gated-typed";
    public const string ChatModel = "gated-chat";
    public const string FailingModel = "gated-failing";

    /// <summary>An agent's model, never held back: it asks for get_weather in Porto, then answers <see cref="AgentAnswer"/> once the tool's output is in its input.</summary>
    public const string AgentModel = "gated-agent";

    public const string AgentAnswer = "It is sunny in Porto.";

    public const string AgentCallId = "call_gated_weather";

    /// <summary>The deltas every answer is made of.</summary>
    public static readonly string[] Deltas = ["Relayed ", "while ", "the model ", "still writes."];

    /// <summary>The whole text of an answer.</summary>
    public static string Text => string.Concat(Deltas);

    /// <summary>What the failing model says, with the key in it.</summary>
    public static string FailureMessage(string key) => $"The model crashed (key {key}).";

    private readonly WebApplication _app;
    private readonly string _apiKey;
    private TaskCompletionSource _gate = NewSignal();

    private GatedModelServer(WebApplication app, string apiKey)
    {
        _app = app;
        _apiKey = apiKey;
    }

    /// <summary>The root URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Set once the first delta of the current stream has been written and flushed.</summary>
    public TaskCompletionSource FirstDeltaSent { get; private set; } = NewSignal();

    /// <summary>Set when the caller of the current stream (the sample server) cancelled it while it was held back.</summary>
    public TaskCompletionSource Aborted { get; private set; } = NewSignal();

    /// <summary>True while the current stream is held back at the gate.</summary>
    public bool Holding { get; private set; }

    /// <summary>The bodies received, in order.</summary>
    public List<JsonObject> Requests { get; } = [];

    public static async Task<GatedModelServer> StartAsync(string apiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new GatedModelServer(app, apiKey);
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = TypedModel, @object = "model" } } }));
        app.MapPost("/v1/responses", server.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    /// <summary>Closes the gate for the next stream and forgets the last one's signals.</summary>
    public void Reset()
    {
        _gate = NewSignal();
        FirstDeltaSent = NewSignal();
        Aborted = NewSignal();
    }

    /// <summary>Lets the held-back deltas go.</summary>
    public void OpenGate() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        OpenGate();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AnswerAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {_apiKey}")
        {
            context.Response.StatusCode = 401;
            return;
        }

        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        lock (Requests)
            Requests.Add(body);
        var model = (string?)body["model"] ?? TypedModel;
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await context.Response.WriteAsJsonAsync(JsonNode.Parse(ResponseObject(model, "completed", Text)));
            return;
        }

        context.Response.ContentType = "text/event-stream";
        if (model == AgentModel)
        {
            await AnswerAgentAsync(context.Response.Body, body, context.RequestAborted);
            return;
        }

        var chat = model == ChatModel;
        var writer = context.Response.Body;
        var aborted = context.RequestAborted;
        if (!chat)
            await SendAsync(writer, "response.created", $$"""{"type":"response.created","response":{{ResponseObject(model, "in_progress", null)}}}""", aborted);
        Holding = true;
        await SendDeltaAsync(writer, chat, Deltas[0], aborted);
        FirstDeltaSent.TrySetResult();
        try
        {
            await _gate.Task.WaitAsync(aborted);
        }
        catch (OperationCanceledException)
        {
            Aborted.TrySetResult();
            return;
        }
        finally
        {
            Holding = false;
        }

        if (model == FailingModel)
        {
            var error = JsonSerializer.Serialize(FailureMessage(_apiKey));
            await SendAsync(writer, "response.failed",
                $$"""{"type":"response.failed","response":{"id":"resp_gated","object":"response","status":"failed","model":"{{model}}","output":[],"error":{"code":"server_error","message":{{error}}""" + "}}}", aborted);
            return;
        }

        foreach (var delta in Deltas.Skip(1))
            await SendDeltaAsync(writer, chat, delta, aborted);

        if (chat)
        {
            await SendAsync(writer, null, """{"id":"chatcmpl-gated","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""", aborted);
            await SendAsync(writer, null, """{"id":"chatcmpl-gated","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":4,"total_tokens":11}}""", aborted);
            await SendAsync(writer, null, "[DONE]", aborted);
        }
        else
        {
            await SendAsync(writer, "response.completed", $$"""{"type":"response.completed","response":{{ResponseObject(model, "completed", Text)}}}""", aborted);
        }
    }

    private static async Task AnswerAgentAsync(Stream writer, JsonObject body, CancellationToken cancellationToken)
    {
        var toolAnswered = body["input"] is JsonArray items && items.Any(i => (string?)i?["type"] == "function_call_output");
        if (toolAnswered)
        {
            await SendDeltaAsync(writer, false, AgentAnswer, cancellationToken);
            await SendAsync(writer, "response.completed", $$"""{"type":"response.completed","response":{{ResponseObject(AgentModel, "completed", AgentAnswer)}}}""", cancellationToken);
            return;
        }

        var call = $$"""{"id":"fc_gated","type":"function_call","status":"completed","call_id":"{{AgentCallId}}","name":"get_weather","arguments":"{\"city\":\"Porto\"}"}""";
        await SendAsync(writer, "response.output_item.added",
            $$"""{"type":"response.output_item.added","output_index":0,"item":{"id":"fc_gated","type":"function_call","status":"in_progress","call_id":"{{AgentCallId}}","name":"get_weather","arguments":""}""" + "}", cancellationToken);
        await SendAsync(writer, "response.function_call_arguments.delta",
            """{"type":"response.function_call_arguments.delta","output_index":0,"item_id":"fc_gated","delta":"{\"city\":\"Porto\"}"}""", cancellationToken);
        await SendAsync(writer, "response.output_item.done", $$"""{"type":"response.output_item.done","output_index":0,"item":{{call}}}""", cancellationToken);
        await SendAsync(writer, "response.completed",
            $$"""{"type":"response.completed","response":{"id":"resp_gated_call","object":"response","status":"completed","model":"{{AgentModel}}","output":[{{call}}],"usage":{"input_tokens":5,"output_tokens":3,"total_tokens":8}""" + "}}", cancellationToken);
    }

    private static Task SendDeltaAsync(Stream writer, bool chat, string delta, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.Serialize(delta);
        return chat
            ? SendAsync(writer, null, $$"""{"id":"chatcmpl-gated","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":{{text}}""" + "}}]}", cancellationToken)
            : SendAsync(writer, "response.output_text.delta", $$"""{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":{{text}}}""", cancellationToken);
    }

    private static async Task SendAsync(Stream writer, string? eventName, string data, CancellationToken cancellationToken)
    {
        var frame = (eventName is null ? string.Empty : $"event: {eventName}\n") + $"data: {data}\n\n";
        await writer.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    private static string ResponseObject(string model, string status, string? text)
    {
        var output = text is null
            ? "[]"
            : $$"""[{"id":"msg_gated","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":{{JsonSerializer.Serialize(text)}},"annotations":[]}]}]""";
        var usage = text is null ? "null" : """{"input_tokens":7,"output_tokens":4,"total_tokens":11}""";
        return $$"""{"id":"resp_gated","object":"response","created_at":1764000000,"status":"{{status}}","model":"{{model}}","output":{{output}},"usage":{{usage}}}""";
    }
}
