using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Results;

/// <summary>Non-streaming bodies, served by the fake server, mapped to <see cref="ResponseResult"/>.</summary>
public sealed class NonStreamingResultTests
{
    [Fact]
    public async Task CreateAsync_ReasoningItemFirstThenSeveralMessages_TextJoinsEveryOutputTextPart()
    {
        var result = await CreateAsync("""
            {"id":"resp_t","status":"completed","output":[
              {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Plan."}]},
              {"type":"message","id":"msg_1","role":"assistant","content":[{"type":"output_text","text":"Hello, "},{"type":"output_text","text":"world"}]},
              {"type":"web_search_call","id":"ws_1","status":"completed"},
              {"type":"message","id":"msg_2","role":"assistant","content":[{"type":"refusal","refusal":"no"},{"type":"output_text","text":"!"}]}
            ]}
            """);

        Assert.Equal("Hello, world!", result.Text);
        Assert.Equal(4, result.OutputItems.Count);
    }

    [Fact]
    public async Task CreateAsync_ReasoningSummaries_JoinedByBlankLine()
    {
        var result = await CreateAsync("""
            {"status":"completed","output":[{"type":"reasoning","summary":[{"type":"summary_text","text":"First."},{"type":"summary_text","text":"Second."}]},
              {"type":"message","content":[{"type":"output_text","text":"Done."}]}]}
            """);

        Assert.Equal("First.\n\nSecond.", result.Reasoning);
    }

    [Fact]
    public async Task CreateAsync_ReasoningTextContent_ReadAsReasoning()
    {
        // DigitalOcean, vLLM, llama.cpp and LM Studio put raw reasoning in content parts of type reasoning_text.
        var result = await CreateAsync("""
            {"status":"completed","output":[{"type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"Step one."},{"type":"reasoning_text","text":"Step two."}]},
              {"type":"message","content":[{"type":"output_text","text":"42"}]}]}
            """);

        Assert.Equal("Step one.\n\nStep two.", result.Reasoning);
        Assert.Equal("42", result.Text);
    }

    [Fact]
    public async Task CreateAsync_FunctionCalls_ReadWithCallIdNotItemId()
    {
        var result = await CreateAsync("""
            {"status":"completed","output":[
              {"type":"function_call","id":"fc_1","call_id":"call_a","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
              {"type":"function_call","id":"fc_2","call_id":"call_b","name":"get_time","arguments":"{}"}
            ]}
            """);

        Assert.Equal([new ToolCall("call_a", "get_weather", """{"city":"Paris"}"""), new ToolCall("call_b", "get_time", "{}")], result.ToolCalls);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public async Task CreateAsync_UsageWithDetails_ReadsEveryCount()
    {
        var result = await CreateAsync("""
            {"status":"completed","output":[],"usage":{"input_tokens":120,"input_tokens_details":{"cached_tokens":64,"cache_write_tokens":3},"output_tokens":80,"output_tokens_details":{"reasoning_tokens":50},"total_tokens":200}}
            """);

        Assert.Equal(new ResponseUsage(120, 80, 200, 64, 50), result.Usage);
    }

    [Fact]
    public async Task CreateAsync_UsageWithoutTotal_TotalIsInputPlusOutput()
    {
        var result = await CreateAsync("""{"status":"completed","output":[],"usage":{"input_tokens":7,"output_tokens":5}}""");

        Assert.Equal(new ResponseUsage(7, 5, 12, 0, 0), result.Usage);
    }

    [Fact]
    public async Task CreateAsync_NoUsage_UsageIsNull()
    {
        var result = await CreateAsync("""{"status":"completed","output":[]}""");

        Assert.Null(result.Usage);
    }

    [Fact]
    public async Task CreateAsync_Completed_StatusCompletedWithoutReason()
    {
        var result = await CreateAsync("""{"status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"ok"}]}]}""");

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Null(result.IncompleteReason);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task CreateAsync_Incomplete_StatusAndReasonKept()
    {
        var result = await CreateAsync("""
            {"status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"output":[{"type":"message","status":"incomplete","content":[{"type":"output_text","text":"Once upon a"}]}]}
            """);

        Assert.Equal(ResponseStatus.Incomplete, result.Status);
        Assert.Equal("max_output_tokens", result.IncompleteReason);
        Assert.Equal("Once upon a", result.Text);
    }

    [Fact]
    public async Task CreateAsync_Failed_ThrowsWithErrorAndPartial()
    {
        await using var server = FakeServer.Json("""
            {"id":"resp_f","status":"failed","error":{"code":"server_error","message":"The model failed."},"output":[{"type":"message","content":[{"type":"output_text","text":"Half an ans"}]}]}
            """);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("server_error", exception.Error.Code);
        Assert.Equal("The model failed.", exception.Error.Message);
        Assert.Null(exception.StatusCode);
        Assert.Equal(ResponseStatus.Failed, exception.Partial.Status);
        Assert.Equal("Half an ans", exception.Partial.Text);
        Assert.Equal("resp_f", exception.Partial.Id);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CreateAsync_UnknownStatus_KeptAsText()
    {
        var result = await CreateAsync("""{"status":"queued","output":[]}""");

        Assert.Equal("queued", result.Status.Value);
        Assert.NotEqual(ResponseStatus.Completed, result.Status);
    }

    [Theory]
    [InlineData("""{"created_at":1741269019,"status":"completed","output":[]}""")]
    [InlineData("""{"created":1741269019,"status":"completed","output":[]}""")]
    public async Task CreateAsync_CreatedOrCreatedAt_GiveTheSameTime(string body)
    {
        var result = await CreateAsync(body);

        Assert.Equal(new DateTimeOffset(2025, 3, 6, 13, 50, 19, TimeSpan.Zero), result.CreatedAt);
    }

    [Fact]
    public async Task CreateAsync_IdAndModel_Read()
    {
        // xAI answers with a bare UUID, not resp_…
        var result = await CreateAsync("""{"id":"3f2b6c1e-8d1a-4c3e-9b7a-2a1f0e9d8c7b","model":"grok-4","status":"completed","output":[]}""");

        Assert.Equal("3f2b6c1e-8d1a-4c3e-9b7a-2a1f0e9d8c7b", result.Id);
        Assert.Equal("grok-4", result.Model);
    }

    [Fact]
    public async Task CreateAsync_ArgumentsAsObject_KeptAsJsonText()
    {
        var result = await CreateAsync("""{"status":"completed","output":[{"type":"function_call","call_id":"c","name":"f","arguments":{"x":1}}]}""");

        Assert.Equal("""{"x":1}""", Assert.Single(result.ToolCalls).Arguments);
    }

    [Fact]
    public async Task CreateAsync_BodyThatIsNotAResponse_ThrowsInvalidResponse()
    {
        await using var server = FakeServer.Json("[1,2,3]");
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(ErrorTypes.InvalidResponse, exception.Error.Type);
    }

    private async Task<ResponseResult> CreateAsync(string body)
    {
        await using var server = FakeServer.Json(body);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);
        return await host.Client.CreateAsync(SampleRequests.Text());
    }
}
