using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Results;

/// <summary>
/// Where a server falls short of the protocol: llama.cpp, Ollama and older vLLM say <c>completed</c> when they stop at
/// <c>max_output_tokens</c>, and some servers ignore a named <c>tool_choice</c>. The client says so itself.
/// </summary>
public sealed class InferredTruncationTests
{
    private const string Typed = """
        {"id":"resp_cap","object":"response","status":"completed","model":"test-model","output":[
          {"type":"message","id":"msg_cap","role":"assistant","content":[{"type":"output_text","text":"Once upon"}]}
        ],"usage":{"input_tokens":9,"output_tokens":OUT,"total_tokens":TOTAL}}
        """;

    [Fact]
    public async Task CreateAsync_CompletedWithOutputTokensAtTheLimit_IncompleteInferred()
    {
        var result = await CreateAsync(maxOutputTokens: 2, outputTokens: 2);

        Assert.Equal(ResponseStatus.Incomplete, result.Status);
        Assert.Equal("max_output_tokens", result.IncompleteReason);
        Assert.True(result.IncompleteInferred);
        Assert.Equal("Once upon", result.Text);
    }

    [Fact]
    public async Task CreateAsync_CompletedWithOutputTokensUnderTheLimit_Completed()
    {
        var result = await CreateAsync(maxOutputTokens: 2, outputTokens: 1);

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Null(result.IncompleteReason);
        Assert.False(result.IncompleteInferred);
    }

    [Fact]
    public async Task CreateAsync_CompletedWithoutMaxOutputTokens_Completed()
    {
        var result = await CreateAsync(maxOutputTokens: null, outputTokens: 2);

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.False(result.IncompleteInferred);
    }

    [Fact]
    public async Task CreateAsync_ServerReportsIncomplete_NotMarkedInferred()
    {
        var client = TestClients.Direct(ReplayHandler.Json("""
            {"status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"output":[],"usage":{"input_tokens":9,"output_tokens":2}}
            """));

        var result = await client.CreateAsync(Request(maxOutputTokens: 2));

        Assert.Equal(ResponseStatus.Incomplete, result.Status);
        Assert.False(result.IncompleteInferred);
    }

    [Fact]
    public async Task CreateAsync_ChatStreamStoppingAtTheLimit_IncompleteInferred()
    {
        // llama.cpp's chat stream: finish_reason "stop" where it ran out of tokens, and a usage chunk.
        var client = TestClients.Direct(ReplayHandler.Sse(SseText.FromJsonLines(
        [
            """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Once upon"},"finish_reason":null}]}""",
            """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            """{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""",
            "[DONE]",
        ])));
        var request = Request(maxOutputTokens: 2);
        request.Stream = true;

        var result = await client.CreateAsync(request);

        Assert.Equal(ResponseStatus.Incomplete, result.Status);
        Assert.Equal("max_output_tokens", result.IncompleteReason);
        Assert.True(result.IncompleteInferred);
    }

    [Fact]
    public async Task CreateAsync_NamedToolChoiceNotCalled_WarningNamesTheFunction()
    {
        var client = TestClients.Direct(ReplayHandler.Json(Typed.Replace("OUT", "3").Replace("TOTAL", "12")));
        var request = Request(maxOutputTokens: null);
        request.Tools = [ResponseTool.Function("get_weather")];
        request.ToolChoice = ToolChoice.Function("get_weather");

        var result = await client.CreateAsync(request);

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Contains(result.Warnings, w => w.Contains("'get_weather'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_NamedToolChoiceCalled_NoWarning()
    {
        var client = TestClients.Direct(ReplayHandler.Json("""
            {"status":"completed","output":[{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{}"}]}
            """));
        var request = Request(maxOutputTokens: null);
        request.Tools = [ResponseTool.Function("get_weather")];
        request.ToolChoice = ToolChoice.Function("get_weather");

        var result = await client.CreateAsync(request);

        Assert.Empty(result.Warnings);
    }

    private static Task<ResponseResult> CreateAsync(int? maxOutputTokens, int outputTokens)
    {
        var body = Typed.Replace("OUT", outputTokens.ToString()).Replace("TOTAL", (9 + outputTokens).ToString());
        return TestClients.Direct(ReplayHandler.Json(body)).CreateAsync(Request(maxOutputTokens));
    }

    private static ResponseRequest Request(int? maxOutputTokens)
    {
        var request = SampleRequests.Text();
        request.MaxOutputTokens = maxOutputTokens;
        return request;
    }
}
