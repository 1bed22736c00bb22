using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Compatibility.Tests.TestSupport;

namespace Elsa.Responses.Compatibility.Tests;

/// <summary>
/// What llama-server itself puts on the wire, read with a bare HttpClient: the facts behind the llama.cpp row of
/// docs/compatibility.md. When a new llama.cpp build changes one of them, this says which.
/// </summary>
[Collection(LlamaServerCollection.Name)]
public sealed class LlamaWireTests(LlamaServerFixture servers)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };

    [CompatFact]
    public async Task Whole_CompletedWithCreatedAtCompletedAtAndUsageWithoutOutputDetails()
    {
        var (status, body) = await PostAsync(await servers.PlainAsync(), """{"model":"tiny","input":"hi"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var json = JsonNode.Parse(body)!;
        Assert.Equal("completed", (string?)json["status"]);
        Assert.NotNull(json["created_at"]);
        Assert.NotNull(json["completed_at"]);
        Assert.Null(json["incomplete_details"]);
        var usage = json["usage"]!.AsObject();
        Assert.Equal(["input_tokens", "output_tokens", "total_tokens", "input_tokens_details"], usage.Select(p => p.Key));
    }

    [CompatFact]
    public async Task Whole_MaxOutputTokensReached_StillSaysCompleted()
    {
        var (_, body) = await PostAsync(await servers.PlainAsync(), """{"model":"tiny","input":"hi","max_output_tokens":2}""");

        var json = JsonNode.Parse(body)!;
        Assert.Equal("completed", (string?)json["status"]);
        Assert.Null(json["incomplete_details"]);
        Assert.Equal(2, (int)json["usage"]!["output_tokens"]!);
    }

    [CompatFact]
    public async Task Whole_AnyModelName_AnswersAsTiny()
    {
        var (status, body) = await PostAsync(await servers.PlainAsync(), """{"model":"gpt-4o","input":"hi"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tiny", (string?)JsonNode.Parse(body)!["model"]);
    }

    [CompatFact]
    public async Task Stream_EventLinesNoSequenceNumberNoOutputIndexNoDone_UsageInCompleted()
    {
        var (status, body) = await PostAsync(await servers.PlainAsync(), """{"model":"tiny","input":"hi","stream":true}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var events = Events(body);
        Assert.Equal("response.created", events[0].Name);
        Assert.All(events, e => Assert.Equal(e.Name, (string?)e.Data["type"]));
        Assert.DoesNotContain("sequence_number", body);
        Assert.DoesNotContain("output_index", body);
        Assert.DoesNotContain("[DONE]", body);
        var completed = events[^1];
        Assert.Equal("response.completed", completed.Name);
        Assert.NotNull(completed.Data["response"]!["usage"]);
        Assert.NotNull(completed.Data["timings"]);
    }

    // The function call is a second output item, after the message's text deltas, told apart by item_id alone.
    [CompatFact]
    public async Task Stream_ToolCall_ASecondItemKnownOnlyByItemId()
    {
        var tools = File.ReadAllText(LlamaServerLocation.PathOf("tools.json"));
        var (_, body) = await PostAsync(await servers.PlainAsync(), $$"""{"model":"tiny","input":"hi","stream":true,"tool_choice":"required","tools":{{tools}}}""");

        var events = Events(body);
        var added = events.Where(e => e.Name == "response.output_item.added").Select(e => e.Data["item"]!).ToList();
        Assert.Equal(["message", "function_call"], added.Select(i => (string?)i["type"]));
        var callItemId = (string?)added[1]["id"];
        var argumentDeltas = events.Where(e => e.Name == "response.function_call_arguments.delta").ToList();
        Assert.NotEmpty(argumentDeltas);
        Assert.All(argumentDeltas, e => Assert.Equal(callItemId, (string?)e.Data["item_id"]));
        Assert.Equal("""{"city":"Paris"}""", string.Concat(argumentDeltas.Select(e => (string?)e.Data["delta"])));
        // The call's deltas come before the message's output_text.done: items interleave.
        Assert.True(events.FindIndex(e => e.Name == "response.output_text.done") > events.IndexOf(argumentDeltas[^1]));
    }

    [CompatFact]
    public async Task Stream_Thinking_ReasoningTextEventsAndNoMessage()
    {
        var (_, body) = await PostAsync(await servers.ThinkingAsync(), """{"model":"tiny","input":"hi","stream":true}""");

        var events = Events(body);
        Assert.Contains(events, e => e.Name == "response.reasoning_text.delta");
        Assert.DoesNotContain(events, e => e.Name == "response.output_text.delta");
        var output = events[^1].Data["response"]!["output"]!.AsArray();
        Assert.Equal(["reasoning"], output.Select(i => (string?)i!["type"]));
    }

    // The item form {"type":"function","name":…} and the nested form {"type":"function","function":{"name":…}} alike.
    [CompatTheory]
    [InlineData("""{"type":"function","name":"get_weather"}""")]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""")]
    public async Task Whole_NamedToolChoice_IsIgnored(string toolChoice)
    {
        var tools = File.ReadAllText(LlamaServerLocation.PathOf("tools.json"));
        var (status, body) = await PostAsync(await servers.PlainAsync(), $$"""{"model":"tiny","input":"hi","tool_choice":{{toolChoice}},"tools":{{tools}}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var output = JsonNode.Parse(body)!["output"]!.AsArray();
        Assert.Equal(["message"], output.Select(i => (string?)i!["type"]));
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PreviousResponseId_400WithAnIntegerCode_EvenWhenStreamed(bool stream)
    {
        var (status, body) = await PostAsync(await servers.PlainAsync(),
            $$"""{"model":"tiny","input":"hi","previous_response_id":"resp_x","stream":{{(stream ? "true" : "false")}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"error":{"code":400,"message":"llama.cpp does not support 'previous_response_id'.","type":"invalid_request_error"}}"""),
            JsonNode.Parse(body)), body);
    }

    [CompatFact]
    public async Task PromptOverTheContext_400ExceedContextSizeErrorWithCounts()
    {
        var prompt = JsonSerializer.Serialize(ClientErrorTests.LongPrompt);
        var (status, body) = await PostAsync(await servers.PlainAsync(), $$"""{"model":"tiny","input":{{prompt}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JsonNode.Parse(body)!["error"]!;
        Assert.Equal("exceed_context_size_error", (string?)error["type"]);
        Assert.Equal(400, (int)error["code"]!);
        Assert.Equal(2048, (int)error["n_ctx"]!);
        Assert.NotNull(error["n_prompt_tokens"]);
    }

    [CompatTheory]
    [InlineData("wrong-key-7c41e9")]
    [InlineData(null)]
    public async Task KeyedServer_WrongOrMissingKey_401(string? key)
    {
        var (status, body) = await PostAsync(await servers.KeyedAsync(), """{"model":"tiny","input":"hi"}""", key);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"error":{"message":"Invalid API Key","type":"authentication_error","code":401}}"""),
            JsonNode.Parse(body)), body);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(LlamaServer server, string json, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/v1/responses")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // The body's SSE events: the event: name and the parsed data: line of each.
    private static List<(string? Name, JsonNode Data)> Events(string body) =>
        body.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines => (
                lines.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal))?["event: ".Length..],
                JsonNode.Parse(string.Concat(lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..])))!))
            .ToList();
}
