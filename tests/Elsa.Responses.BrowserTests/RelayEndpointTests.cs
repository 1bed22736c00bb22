using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Responses.BrowserTests.Infrastructure;
using Elsa.Responses.TestSupport;
using OpenAI.Responses;
using Xunit.Abstractions;

namespace Elsa.Responses.BrowserTests;

/// <summary>
/// samples/workflows/responses-endpoint.json on the running sample server, called by clients nobody here wrote (the
/// OpenAI .NET SDK and the openai npm package), while a loopback model server holds back all but its first delta until
/// the test lets them go: a delta that reaches the client before the gate opens went out as it arrived.
/// </summary>
[Collection(RelayCollection.Name)]
public sealed class RelayEndpointTests(RelayFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(GatedModelServer.TypedModel)]
    [InlineData(GatedModelServer.ChatModel)]
    public async Task OpenAiSdk_streaming_gets_the_first_delta_while_the_model_still_holds_the_rest(string model)
    {
        fixture.Model.Reset();
        var deltas = new List<string>();
        string? completedText = null;
        using var timeout = new CancellationTokenSource(Timeout);
        var options = new CreateResponseOptions(model, [ResponseItem.CreateUserMessageItem("Say something.")]) { StreamingEnabled = true };
        await foreach (var update in await fixture.Sdk().CreateResponseStreamingAsync(options, timeout.Token))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    if (deltas.Count == 0)
                    {
                        Assert.True(fixture.Model.Holding, "the model server had already let its later deltas go");
                        fixture.Model.OpenGate();
                    }

                    deltas.Add(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate completed:
                    completedText = completed.Response.GetOutputText();
                    break;
            }
        }

        Assert.Equal(GatedModelServer.Deltas[0], deltas[0]);
        Assert.Equal(GatedModelServer.Text, string.Concat(deltas));
        Assert.Equal(GatedModelServer.Text, completedText);
        Assert.Equal(model, (string?)fixture.Model.Requests[^1]["model"]);
    }

    [Theory]
    [InlineData(GatedModelServer.TypedModel)]
    [InlineData(GatedModelServer.ChatModel)]
    public async Task Openai_npm_package_streaming_gets_the_first_delta_while_the_model_still_holds_the_rest(string model)
    {
        fixture.Model.Reset();
        var nodeClient = typeof(RelayEndpointTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "NodeClientDir").Value!;
        var start = new ProcessStartInfo("node", "stream.mjs") { WorkingDirectory = nodeClient, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["RELAY_BASE_URL"] = fixture.EndpointBase.ToString();
        start.Environment["RELAY_API_KEY"] = RelayFixture.ServerApiKey;
        start.Environment["RELAY_MODEL"] = model;
        using var node = Process.Start(start)!;
        var errors = node.StandardError.ReadToEndAsync();
        try
        {
            var events = new List<JsonNode>();
            using var timeout = new CancellationTokenSource(Timeout);
            while (await node.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var e = JsonNode.Parse(line)!;
                if ((string?)e["type"] == "response.output_text.delta" && !events.Any(x => (string?)x["type"] == "response.output_text.delta"))
                {
                    Assert.True(fixture.Model.Holding, "the model server had already let its later deltas go");
                    fixture.Model.OpenGate();
                }

                events.Add(e);
            }

            await node.WaitForExitAsync(timeout.Token);
            output.WriteLine(string.Join(Environment.NewLine, events.Select(e => e.ToJsonString())));
            Assert.True(node.ExitCode == 0, await errors);
            var types = events.Select(e => (string?)e["type"]).ToList();
            Assert.Equal("response.created", types[0]);
            Assert.Equal(GatedModelServer.Text, string.Concat(events.Where(e => (string?)e["type"] == "response.output_text.delta").Select(e => (string?)e["delta"])));
            Assert.Equal(GatedModelServer.Text, (string?)events.Single(e => (string?)e["type"] == "final")["text"]);
        }
        finally
        {
            if (!node.HasExited)
                node.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task OpenAiSdk_non_streaming_call_parses_the_endpoints_JSON_answer()
    {
        fixture.Model.Reset();
        var response = (await fixture.Sdk().CreateResponseAsync(
            new CreateResponseOptions(GatedModelServer.TypedModel, [ResponseItem.CreateUserMessageItem("Say something.")]))).Value;

        Assert.Equal(GatedModelServer.Text, response.GetOutputText());
        Assert.Equal(GatedModelServer.TypedModel, (string?)fixture.Model.Requests[^1]["model"]);
    }

    [Fact]
    public async Task A_request_without_a_model_uses_the_connections_default_model()
    {
        fixture.Model.Reset();
        using var http = fixture.Http();
        using var response = await http.PostAsync("workflows/v1/responses", Json("""{"input":"Say something."}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatedModelServer.TypedModel, (string?)fixture.Model.Requests[^1]["model"]);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("completed", (string?)body["status"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    public async Task The_endpoint_refuses_a_caller_without_the_server_key(string? authorization)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "workflows/v1/responses") { Content = Json("""{"input":"Hi","stream":true}""") };
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var calls = fixture.Model.Requests.Count;

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(calls, fixture.Model.Requests.Count);
    }

    [Fact]
    public async Task A_caller_that_disconnects_mid_stream_cancels_the_upstream_and_the_instance_finishes_with_Failed()
    {
        fixture.Model.Reset();
        var before = await InstanceIdsAsync("responses-endpoint");
        using var http = fixture.Http();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "workflows/v1/responses")
               { Content = Json($$"""{"model":"{{GatedModelServer.TypedModel}}","input":"Say something.","stream":true}""") })
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            using var timeout = new CancellationTokenSource(Timeout);
            while (await reader.ReadLineAsync(timeout.Token) is { } line && line != "event: response.output_text.delta")
            {
            }
        } // The caller hangs up here, after the first delta, while the model still holds the rest.

        await fixture.Model.Aborted.Task.WaitAsync(Timeout);

        string? instanceId = null;
        await Poll.UntilAsync(async () => (instanceId = (await InstanceIdsAsync("responses-endpoint")).Except(before).SingleOrDefault()) is not null,
            "the endpoint's new instance");
        await Poll.UntilAsync(async () => (string?)(await InstanceAsync(instanceId!))["status"] == "Finished", $"instance {instanceId} to finish");
        Assert.Equal("Finished", (string?)(await InstanceAsync(instanceId!))["subStatus"]);

        var journal = await JournalAsync(instanceId!);
        var error = journal.Single(e => (string?)e["activityId"] == "relay" && (string?)e["eventName"] == "Error")!;
        Assert.Contains("disconnected", (string?)error["message"]);
        var record = JsonNode.Parse(await fixture.Server.Api.GetStringAsync($"activity-executions/list?workflowInstanceId={instanceId}"))!["items"]!
            .AsArray().Single(r => (string?)r!["activityId"] == "relay")!.ToJsonString();
        Assert.Contains("client_disconnected", record);
        Assert.Contains(GatedModelServer.Deltas[0].Trim(), record);
        Assert.Contains("Failed", record);
    }

    [Fact]
    public async Task An_upstream_failure_mid_stream_reaches_the_caller_as_response_failed_without_the_key()
    {
        fixture.Model.Reset();
        fixture.Model.OpenGate();
        using var http = fixture.Http();
        using var response = await http.PostAsync("workflows/v1/responses",
            Json($$"""{"model":"{{GatedModelServer.FailingModel}}","input":"Say something.","stream":true}"""));
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);

        var events = ServerSentEvents(text);
        Assert.Equal("response.created", events[0].Name);
        Assert.Equal("response.failed", events[^1].Name);
        var failed = events[^1].Data["response"]!;
        Assert.Equal("failed", (string?)failed["status"]);
        Assert.Contains("The model crashed", (string?)failed["error"]!["message"]);
        Assert.Equal(GatedModelServer.Deltas[0], (string?)failed["output"]![0]!["content"]![0]!["text"]);
        Assert.False(KeyPatterns.Found(text, RelayFixture.ConnectionApiKey), "The connection's key reached the caller.");
    }

    [Fact]
    public async Task An_HTTP_Response_after_a_relay_is_a_journal_error_and_the_workflow_goes_on()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "relay-then-write.json"));
        var definitionId = await fixture.Server.ImportDefinitionAsync(json);
        (await fixture.Server.Api.PostAsync($"workflow-definitions/{definitionId}/publish", Json("{}"))).EnsureSuccessStatusCode();
        fixture.Model.Reset();
        fixture.Model.OpenGate();

        using var http = fixture.Http();
        using var response = await http.PostAsync("workflows/relay-then-write", Json("{}"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("response.completed", ServerSentEvents(text)[^1].Name);
        Assert.DoesNotContain("too late", text);
        var instanceId = (await InstanceIdsAsync(definitionId)).Single();
        await Poll.UntilAsync(async () => (string?)(await InstanceAsync(instanceId))["status"] == "Finished", $"instance {instanceId} to finish");
        Assert.Equal("Finished", (string?)(await InstanceAsync(instanceId))["subStatus"]);
        var journal = await JournalAsync(instanceId);
        var error = journal.Single(e => (string?)e["activityId"] == "write-late" && (string?)e["eventName"] == "Error")!;
        Assert.Contains("already sent as a relayed event stream", (string?)error["message"]);
        Assert.Contains(journal, e => (string?)e["activityId"] == "after");
    }

    [Fact]
    public async Task Run_Agent_relays_its_tool_call_the_tools_result_and_its_answer_as_output_items()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "relay-agent.json"));
        var definitionId = await fixture.Server.ImportDefinitionAsync(json);
        (await fixture.Server.Api.PostAsync($"workflow-definitions/{definitionId}/publish", Json("{}"))).EnsureSuccessStatusCode();

        using var http = fixture.Http();
        using var response = await http.PostAsync("workflows/relay-agent", Json("{}"));
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);

        var events = ServerSentEvents(text);
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => (int)e.Data["sequence_number"]!));
        Assert.Equal("response.completed", events[^1].Name);
        var added = events.Where(e => e.Name == "response.output_item.added").Select(e => (string?)e.Data["item"]!["type"]).ToList();
        Assert.Equal(["function_call", "function_call_output", "message"], added);
        var items = events[^1].Data["response"]!["output"]!.AsArray();
        Assert.Equal(GatedModelServer.AgentCallId, (string?)items[0]!["call_id"]);
        Assert.Equal("get_weather", (string?)items[0]!["name"]);
        Assert.Equal(GatedModelServer.AgentCallId, (string?)items[1]!["call_id"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)items[1]!["output"]));
        Assert.Equal(GatedModelServer.AgentAnswer, (string?)items[2]!["content"]![0]!["text"]);
        // The tool's result went out before the second model call's text.
        var toolDone = events.FindIndex(e => e.Name == "response.output_item.done" && (string?)e.Data["item"]!["type"] == "function_call_output");
        var answerDelta = events.FindIndex(e => e.Name == "response.output_text.delta");
        Assert.True(toolDone < answerDelta);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<IReadOnlyList<string>> InstanceIdsAsync(string definitionId) =>
        JsonNode.Parse(await fixture.Server.Api.GetStringAsync($"workflow-instances?definitionId={definitionId}&pageSize=100"))!["items"]!
            .AsArray().Select(i => (string)i!["id"]!).ToList();

    private async Task<JsonNode> InstanceAsync(string instanceId) =>
        JsonNode.Parse(await fixture.Server.Api.GetStringAsync($"workflow-instances/{instanceId}"))!;

    private async Task<IReadOnlyList<JsonNode>> JournalAsync(string instanceId) =>
        JsonNode.Parse(await fixture.Server.Api.GetStringAsync($"workflow-instances/{instanceId}/journal?pageSize=200"))!["items"]!.AsArray().Select(e => e!).ToList();

    // The SSE text as events, read by the spec's rules (an event: line, a data: line, a blank line).
    private static List<(string Name, JsonNode Data)> ServerSentEvents(string text) =>
        text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines => (lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))[7..],
                JsonNode.Parse(lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))[6..])!))
            .ToList();
}
