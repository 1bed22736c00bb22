using System.Text.Json;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Streaming;

/// <summary>
/// A stream's terminal response object is what <c>Raw</c> and <c>OutputItems</c> report. The client keeps it as sent and
/// parses it only when one of them is read, so these read it through the public result, as a caller would.
/// </summary>
public sealed class TerminalResponseObjectTests
{
    private const string Item0 = """{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi","annotations":[]}]}""";
    private const string Item1 = """{"id":"fc_1","type":"function_call","call_id":"call_1","name":"add","arguments":"{\"a\":1}"}""";

    [Fact]
    public async Task A_streamed_result_reports_the_terminal_response_object_and_its_output_items_as_sent()
    {
        var response = $$$"""{"id":"resp_1","status":"completed","output":[{{{Item0}}}, {{{Item1}}}],"tools":[],"metadata":{"k":"v"},"usage":{"input_tokens":3,"output_tokens":2,"total_tokens":5}}""";
        var result = await Stream(
            """{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}""",
            $$$"""{"type":"response.completed","sequence_number":2,"response":{{{response}}}}""");

        Assert.Equal(response, result.Raw!.Value.GetRawText());
        Assert.Equal([Item0, Item1], result.OutputItems.Select(item => item.GetRawText()));
        Assert.Equal("Hi", result.Text);
    }

    [Fact]
    public async Task Setting_Raw_on_a_copy_of_a_streamed_result_keeps_its_output_items()
    {
        var result = await Stream($$$"""{"type":"response.completed","response":{"id":"resp_1","status":"completed","output":[{{{Item0}}}]}}""");

        var copy = result with { Raw = null };

        Assert.Null(copy.Raw);
        Assert.Equal([Item0], copy.OutputItems.Select(item => item.GetRawText()));
        Assert.NotNull(result.Raw);
    }

    [Fact]
    public async Task A_key_that_a_terminal_response_object_echoes_is_masked_in_Raw_and_in_its_output_items()
    {
        var echoed = Item0.Replace("\"Hi\"", JsonSerializer.Serialize("your key is " + TestClients.ApiKey));
        var result = await Stream($$$"""{"type":"response.completed","response":{"id":"resp_1","status":"completed","user":"{{{TestClients.ApiKey}}}","output":[{{{echoed}}}]}}""");

        Assert.Equal("your key is " + SecretRedactor.Mask, result.Text);
        Assert.DoesNotContain(TestClients.ApiKey, result.Raw!.Value.GetRawText());
        Assert.Contains(SecretRedactor.Mask, result.Raw.Value.GetProperty("user").GetString());
        Assert.Equal("your key is " + SecretRedactor.Mask, result.OutputItems.Single().GetProperty("content")[0].GetProperty("text").GetString());
    }

    private static async Task<ResponseResult> Stream(params string[] events)
    {
        var client = TestClients.Direct(ReplayHandler.Sse(SseText.FromJsonLines(events)));
        return await client.StreamAsync(SampleRequests.Text()).ToResultAsync();
    }
}
