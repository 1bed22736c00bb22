using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Elsa.Responses.Load;

/// <summary>The model server's timing: the first byte after <see cref="FirstByte"/>, then <see cref="Deltas"/> text deltas <see cref="DeltaInterval"/> apart.</summary>
public sealed record ModelLatency(TimeSpan FirstByte, int Deltas, TimeSpan DeltaInterval)
{
    /// <summary>The nominal time of one answer, streamed or not.</summary>
    public TimeSpan Total => FirstByte + DeltaInterval * Deltas;
}

/// <summary>
/// A loopback <c>/v1/responses</c> server with a fixed latency, on 127.0.0.1 and a free port. Streamed requests get typed
/// SSE events (the first after <see cref="ModelLatency.FirstByte"/>, then one <c>response.output_text.delta</c> every
/// <see cref="ModelLatency.DeltaInterval"/>); others get one response object after <see cref="ModelLatency.Total"/>.
/// It records how long it took over each answer, so the tool can take the model's own time out of the workflows'.
/// </summary>
public sealed class ModelServer : IAsyncDisposable
{
    /// <summary>The model the workflows name and <c>GET /v1/models</c> lists.</summary>
    public const string Model = "load-model";

    /// <summary>Token counts every answer reports; the workflows check <c>total_tokens</c>.</summary>
    public const int InputTokens = 12, OutputTokens = 20;

    private readonly WebApplication _app;
    private readonly ModelLatency _latency;
    private readonly string _apiKey;
    private readonly ConcurrentQueue<double> _durationsMs = new();
    private int _streamed, _nonStreamed, _rejected;

    private ModelServer(WebApplication app, ModelLatency latency, string apiKey)
    {
        _app = app;
        _latency = latency;
        _apiKey = apiKey;
    }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The text every answer carries: the deltas joined.</summary>
    public static string ExpectedText(int deltas) => string.Concat(Enumerable.Range(0, deltas).Select(i => i == 0 ? "w0" : " w" + i));

    /// <summary>Starts the server.</summary>
    public static async Task<ModelServer> StartAsync(ModelLatency latency, string apiKey, bool stampDeltas = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ModelServer(app, latency, apiKey) { StampDeltas = stampDeltas };
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = Model, @object = "model", owned_by = "load" } } }));
        app.MapPost("/v1/responses", server.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    /// <summary>Counts so far: streamed answers, non-streamed answers, requests refused (wrong key or body).</summary>
    public (int Streamed, int NonStreamed, int Rejected) Counts => (_streamed, _nonStreamed, _rejected);

    /// <summary>Takes the answer durations recorded since the last call (request read → last byte written), in ms.</summary>
    public double[] DrainDurations()
    {
        var list = new List<double>();
        while (_durationsMs.TryDequeue(out var ms))
            list.Add(ms);
        return [.. list];
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + _apiKey)
        {
            Interlocked.Increment(ref _rejected);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { error = new { type = "invalid_request_error", code = "invalid_api_key", message = "Wrong key." } });
            return;
        }

        JsonNode? body;
        try { body = await JsonNode.ParseAsync(context.Request.Body); }
        catch (JsonException) { body = null; }
        if (body?["input"] is null || (string?)body["model"] != Model)
        {
            Interlocked.Increment(ref _rejected);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = new { type = "invalid_request_error", message = "Expected model and input." } });
            return;
        }

        var id = "resp_" + Guid.NewGuid().ToString("N");
        var ct = context.RequestAborted;
        if (body["stream"]?.GetValue<bool>() == true)
        {
            Interlocked.Increment(ref _streamed);
            await StreamAsync(context.Response, id, ct);
        }
        else
        {
            Interlocked.Increment(ref _nonStreamed);
            await Task.Delay(_latency.Total, ct);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(ResponseObject(id, "completed", ExpectedText(_latency.Deltas)).ToJsonString(), ct);
        }
        _durationsMs.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task StreamAsync(HttpResponse response, string id, CancellationToken ct)
    {
        await Task.Delay(_latency.FirstByte, ct);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var sequence = 0;
        async Task SendAsync(string type, JsonObject data)
        {
            data["type"] = type;
            data["sequence_number"] = sequence++;
            await response.WriteAsync($"event: {type}\ndata: {data.ToJsonString()}\n\n", Encoding.UTF8, ct);
            await response.Body.FlushAsync(ct);
        }

        await SendAsync("response.created", new JsonObject { ["response"] = ResponseObject(id, "in_progress", text: null) });
        await SendAsync("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = Message(null, "in_progress") });
        await SendAsync("response.content_part.added", new JsonObject { ["item_id"] = "msg_1", ["output_index"] = 0, ["content_index"] = 0, ["part"] = Part("") });
        for (var i = 0; i < _latency.Deltas; i++)
        {
            await Task.Delay(_latency.DeltaInterval, ct);
            await SendAsync("response.output_text.delta", new JsonObject { ["item_id"] = "msg_1", ["output_index"] = 0, ["content_index"] = 0, ["delta"] = Delta(i) });
        }
        var text = ExpectedText(_latency.Deltas);
        await SendAsync("response.output_text.done", new JsonObject { ["item_id"] = "msg_1", ["output_index"] = 0, ["content_index"] = 0, ["text"] = text });
        await SendAsync("response.content_part.done", new JsonObject { ["item_id"] = "msg_1", ["output_index"] = 0, ["content_index"] = 0, ["part"] = Part(text) });
        await SendAsync("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = Message(text, "completed") });
        await SendAsync("response.completed", new JsonObject { ["response"] = ResponseObject(id, "completed", text) });
    }

    // Stamped deltas carry the time of their write instead (RelayLatencyProbe).
    private string Delta(int index) => StampDeltas
        ? " " + Stopwatch.GetTimestamp().ToString(System.Globalization.CultureInfo.InvariantCulture)
        : index == 0 ? "w0" : " w" + index;

    /// <summary>Each delta is the <see cref="Stopwatch.GetTimestamp"/> of its write, for <see cref="RelayLatencyProbe"/>.</summary>
    public bool StampDeltas { get; init; }

    private static JsonObject Part(string text) => new() { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() };

    private static JsonObject Message(string? text, string status) => new()
    {
        ["type"] = "message",
        ["id"] = "msg_1",
        ["status"] = status,
        ["role"] = "assistant",
        ["content"] = text is null ? new JsonArray() : new JsonArray(Part(text)),
    };

    private static JsonObject ResponseObject(string id, string status, string? text) => new()
    {
        ["id"] = id,
        ["object"] = "response",
        ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["status"] = status,
        ["model"] = Model,
        ["output"] = text is null ? new JsonArray() : new JsonArray(Message(text, "completed")),
        ["usage"] = text is null ? null : new JsonObject
        {
            ["input_tokens"] = InputTokens,
            ["output_tokens"] = OutputTokens,
            ["total_tokens"] = InputTokens + OutputTokens,
        },
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
