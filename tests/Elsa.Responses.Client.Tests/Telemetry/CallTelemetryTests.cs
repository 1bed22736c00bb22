using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Elsa.Responses.Client.Tests.Telemetry;

/// <summary>
/// Issue 12 §1–§3: one CLIENT span per model call with the GenAI attributes (semantic conventions v1.41), retries as
/// span events, the three metrics, and log events with stable ids that carry neither the key nor the prompt. Expected
/// names and values are the conventions' own.
/// </summary>
public sealed class CallTelemetryTests
{
    private const string Prompt = "My secret plan is PROMPT-TEXT-7731.";

    private static string Model() => "telemetry-" + Guid.NewGuid().ToString("N")[..8];

    private static string Completed(string text = "Hello.", string model = "served-model") => new JsonObject
    {
        ["id"] = "resp_tel_1",
        ["object"] = "response",
        ["status"] = "completed",
        ["model"] = model,
        ["output"] = new JsonArray(new JsonObject
        {
            ["type"] = "message", ["id"] = "msg_1", ["role"] = "assistant", ["status"] = "completed",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
        }),
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = 42, ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 8 },
            ["output_tokens"] = 17, ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 5 }, ["total_tokens"] = 59,
        },
    }.ToJsonString();

    [Fact]
    public async Task A_completed_call_is_one_client_span_with_the_genai_attributes()
    {
        var model = Model();
        using var capture = new TelemetryCapture(model);
        await using var server = FakeServer.Json(Completed());
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.ProviderName = "digitalocean";
        });

        await host.Client.CreateAsync(new ResponseRequest
        {
            Model = model, Input = Prompt, Temperature = 0.5, TopP = 0.9, MaxOutputTokens = 100, Stop = ["END"],
        });

        var span = Assert.Single(capture.Spans);
        Assert.Equal($"chat {model}", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        var tags = span.TagObjects.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("chat", tags["gen_ai.operation.name"]);
        Assert.Equal("digitalocean", tags["gen_ai.provider.name"]);
        Assert.Equal(model, tags["gen_ai.request.model"]);
        Assert.Equal(0.5, tags["gen_ai.request.temperature"]);
        Assert.Equal(0.9, tags["gen_ai.request.top_p"]);
        Assert.Equal(100, tags["gen_ai.request.max_tokens"]);
        Assert.Equal(new[] { "END" }, tags["gen_ai.request.stop_sequences"]);
        Assert.Equal(false, tags["gen_ai.request.stream"]);
        Assert.Equal("resp_tel_1", tags["gen_ai.response.id"]);
        Assert.Equal("served-model", tags["gen_ai.response.model"]);
        Assert.Equal(new[] { "stop" }, tags["gen_ai.response.finish_reasons"]);
        Assert.Equal(42L, tags["gen_ai.usage.input_tokens"]);
        Assert.Equal(17L, tags["gen_ai.usage.output_tokens"]);
        Assert.Equal(8L, tags["gen_ai.usage.cache_read.input_tokens"]);
        Assert.Equal(5L, tags["gen_ai.usage.reasoning.output_tokens"]);
        Assert.Equal("127.0.0.1", tags["server.address"]);
        Assert.Equal(server.BaseUrl.Port, tags["server.port"]);
        Assert.DoesNotContain("error.type", tags.Keys);
        Assert.Empty(span.Events);
    }

    [Fact]
    public async Task A_completed_call_records_token_usage_by_type_and_its_duration()
    {
        var model = Model();
        using var capture = new TelemetryCapture(model);
        await using var server = FakeServer.Json(Completed());
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        await host.Client.CreateAsync(new ResponseRequest { Model = model, Input = "x" });

        var tokens = capture.Measurements("gen_ai.client.token.usage");
        Assert.Equal([("input", 42d), ("output", 17d)], tokens.Select(m => ((string)m.Tags["gen_ai.token.type"]!, m.Value)).OrderBy(t => t.Item1));
        Assert.All(tokens, m =>
        {
            Assert.Equal("{token}", m.Unit);
            Assert.Equal("chat", m.Tags["gen_ai.operation.name"]);
            Assert.Equal("openai", m.Tags["gen_ai.provider.name"]);
            Assert.Equal("127.0.0.1", m.Tags["server.address"]);
            Assert.False(m.Tags.ContainsKey("error.type"));
        });
        var duration = Assert.Single(capture.Measurements("gen_ai.client.operation.duration"));
        Assert.Equal("s", duration.Unit);
        Assert.True(duration.Value >= 0);
        Assert.Empty(capture.Measurements("gen_ai.client.operation.time_to_first_chunk"));
    }

    [Fact]
    public async Task A_failed_call_sets_error_type_and_the_error_status()
    {
        var model = Model();
        using var capture = new TelemetryCapture(model);
        await using var server = FakeServer.Json("""{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""", 401);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(new ResponseRequest { Model = model, Input = "x" }));

        var span = Assert.Single(capture.Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("invalid_request_error", span.StatusDescription);
        Assert.Equal("invalid_request_error", span.GetTagItem("error.type"));
        Assert.Equal(401, span.GetTagItem("http.response.status_code"));
        var duration = Assert.Single(capture.Measurements("gen_ai.client.operation.duration"));
        Assert.Equal("invalid_request_error", duration.Tags["error.type"]);
        Assert.Empty(capture.Measurements("gen_ai.client.token.usage"));
    }

    [Fact]
    public async Task Each_retry_is_an_event_on_the_span_with_its_status_and_delay()
    {
        var model = Model();
        using var capture = new TelemetryCapture(model);
        await using var server = FakeServer.Answers(
            FakeAnswer.Json("""{"error":{"message":"busy","type":"server_error"}}""", 503),
            FakeAnswer.Json("""{"error":{"message":"busy","type":"server_error"}}""", 503),
            FakeAnswer.Json(Completed()));
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.MaxRetryAttempts = 2;
        });

        await host.Client.CreateAsync(new ResponseRequest { Model = model, Input = "x" });

        var span = Assert.Single(capture.Spans);
        var retries = span.Events.Where(e => e.Name == "retry").ToList();
        Assert.Equal(2, retries.Count);
        Assert.Equal([1, 2], retries.Select(e => (int)e.Tags.Single(t => t.Key == "retry.attempt").Value!));
        Assert.All(retries, e =>
        {
            Assert.Equal(503, e.Tags.Single(t => t.Key == "http.response.status_code").Value);
            Assert.Equal(0d, e.Tags.Single(t => t.Key == "retry.delay_ms").Value);
        });
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task A_streamed_call_records_the_time_to_first_chunk_and_its_usage()
    {
        var model = Model();
        using var capture = new TelemetryCapture(model);
        var sse = new StringBuilder()
            .Append("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\"}\n\n")
            .Append("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":").Append(Completed()).Append("}\n\n");
        await using var server = FakeServer.Sse(Encoding.UTF8.GetBytes(sse.ToString()));
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        await foreach (var _ in host.Client.StreamAsync(new ResponseRequest { Model = model, Input = "x" }))
        {
        }

        var span = Assert.Single(capture.Spans);
        Assert.Equal(true, span.GetTagItem("gen_ai.request.stream"));
        Assert.Equal(17L, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        var firstChunk = Assert.Single(capture.Measurements("gen_ai.client.operation.time_to_first_chunk"));
        Assert.Equal("s", firstChunk.Unit);
        Assert.Single(capture.Measurements("gen_ai.client.operation.duration"));
    }

    [Fact]
    public async Task A_stream_that_fails_midway_ends_its_span_with_the_error()
    {
        var model = Model();
        using var capture = new TelemetryCapture(model);
        var sse = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\"}\n\n" +
                  "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"server_error\",\"message\":\"boom\"}}\n\n";
        await using var server = FakeServer.Sse(Encoding.UTF8.GetBytes(sse));
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        await Assert.ThrowsAsync<ResponsesApiException>(async () =>
        {
            await foreach (var _ in host.Client.StreamAsync(new ResponseRequest { Model = model, Input = "x" }))
            {
            }
        });

        var span = Assert.Single(capture.Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("server_error", span.GetTagItem("error.type"));
        Assert.Single(capture.Measurements("gen_ai.client.operation.time_to_first_chunk"));
    }

    [Fact]
    public async Task Content_is_recorded_only_when_asked_and_the_key_is_masked_in_it()
    {
        var model = Model();
        using var capture = new TelemetryCapture(model);
        await using var server = FakeServer.Json(Completed("The answer."));
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.CaptureMessageContent = true;
        });

        await host.Client.CreateAsync(new ResponseRequest { Model = model, Input = $"Use {TestClients.ApiKey} to log in.", Instructions = "Be brief." });

        var details = Assert.Single(Assert.Single(capture.Spans).Events);
        Assert.Equal("gen_ai.client.inference.operation.details", details.Name);
        var tags = details.Tags.ToDictionary(t => t.Key, t => t.Value);
        var input = (string)tags["gen_ai.input.messages"]!;
        Assert.Contains("Use *** to log in.", input);
        Assert.DoesNotContain(TestClients.ApiKey, input);
        Assert.Equal("Be brief.", tags["gen_ai.system_instructions"]);
        Assert.Contains("The answer.", (string)tags["gen_ai.output.messages"]!);
    }

    [Fact]
    public async Task Log_events_of_a_failing_call_have_stable_ids_and_carry_neither_the_key_nor_the_prompt()
    {
        var model = Model();
        var collector = new FakeLogCollector();
        await using var server = FakeServer.Answers(
            FakeAnswer.Json("""{"error":{"message":"busy","type":"server_error"}}""", 503),
            FakeAnswer.Json($$$"""{"error":{"message":"Incorrect API key provided: {{{TestClients.ApiKey}}}.","type":"invalid_request_error","code":"invalid_api_key"}}""", 401));
        using var host = TestClients.ViaServices(
            o =>
            {
                o.BaseUrl = server.BaseUrl;
                o.MaxRetryAttempts = 1;
            },
            addServices: s => s.AddLogging(b => b.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Trace)));

        await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(new ResponseRequest { Model = model, Input = Prompt }));

        var records = collector.GetSnapshot();
        var ours = records.Where(r => r.Category == "Elsa.Responses.Client").ToList();
        Assert.Equal([1, 2, 4], ours.Select(r => r.Id.Id));
        Assert.Equal(["ResponsesRequestStarted", "ResponsesRetry", "ResponsesRequestFailed"], ours.Select(r => r.Id.Name));
        var failed = ours.Single(r => r.Id.Id == 4);
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal("invalid_request_error", failed.GetStructuredStateValue("ErrorType"));
        Assert.Equal("401", failed.GetStructuredStateValue("StatusCode"));
        var retry = ours.Single(r => r.Id.Id == 2);
        Assert.Equal("503", retry.GetStructuredStateValue("StatusCode"));
        Assert.Equal(model, ours.Single(r => r.Id.Id == 1).GetStructuredStateValue("Model"));
        // Every record of the run, from every category (Polly's and the HttpClient's included).
        foreach (var record in records)
        {
            var all = $"{record.Message} {record.Exception} " + string.Join(",", record.StructuredState?.Select(s => $"{s.Key}={s.Value}") ?? []);
            Assert.DoesNotContain(TestClients.ApiKey, all);
            Assert.DoesNotContain("PROMPT-TEXT-7731", all);
        }
    }
}
