using System.Text;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Streaming;

/// <summary>
/// llama.cpp's typed stream names items by <c>item_id</c> only, with no <c>output_index</c> and no
/// <c>sequence_number</c>: each new item id is an output of its own, so a function call after the text is not folded
/// into the message.
/// </summary>
public sealed class ItemSlotTests
{
    private const string Transcript = "llamacpp-text-then-call.sse";

    [Fact]
    public async Task StreamAsync_ItemsNamedOnlyById_ToolCallDeltasUnderTheirOwnOutput()
    {
        var (updates, result) = await UpdateStream.ReadAsync([Transcripts.Bytes(Transcript)]);

        var text = updates.Where(u => u.Kind == ResponseUpdateKind.TextDelta).ToArray();
        var call = updates.Where(u => u.Kind == ResponseUpdateKind.ToolCallDelta).ToArray();
        Assert.Equal(["Checking ", "the weather."], text.Select(u => u.Delta));
        Assert.Equal(["{\"city\":", "\"Porto\"}"], call.Select(u => u.Delta));
        Assert.Single(text.Select(u => u.OutputIndex).Distinct());
        Assert.Single(call.Select(u => u.OutputIndex).Distinct());
        Assert.NotEqual(text[0].OutputIndex, call[0].OutputIndex);
        Assert.All(call, u => Assert.Equal(("call_llama", "get_weather"), (u.CallId, u.ToolName)));

        Assert.Equal("Checking the weather.", result.Text);
        Assert.Equal([new ToolCall("call_llama", "get_weather", """{"city":"Porto"}""")], result.ToolCalls);
    }

    [Theory]
    [InlineData("event: response.output_item.done")]
    [InlineData("event: response.completed")]
    public async Task CreateAsync_ItemsNamedOnlyByIdCutShort_StreamEndedEarlyWithTheCallInPartial(string cutBefore)
    {
        var whole = Transcripts.Text(Transcript);
        var cut = Encoding.UTF8.GetBytes(whole[..whole.LastIndexOf(cutBefore, StringComparison.Ordinal)]);
        var client = TestClients.Direct(ReplayHandler.Sse(cut));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal(ErrorTypes.StreamEndedEarly, exception.Error.Type);
        Assert.Equal("Checking the weather.", exception.Partial.Text);
        Assert.Equal([new ToolCall("call_llama", "get_weather", """{"city":"Porto"}""")], exception.Partial.ToolCalls);
    }

    // A server that sends neither output_index nor item ids: a delta of another type than the latest item's, or an
    // output_item.added, starts the next item, so reasoning, text and a call cut short before the end all survive.
    [Fact]
    public async Task CreateAsync_NoOutputIndexNoItemIds_EachTypeOfDeltaKeptInItsOwnItem()
    {
        var client = TestClients.Direct(ReplayHandler.Sse(Transcripts.Bytes("no-index-no-ids.sse")));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal(ErrorTypes.StreamEndedEarly, exception.Error.Type);
        Assert.Equal("The user wants weather.", exception.Partial.Reasoning);
        Assert.Equal("Let me check.", exception.Partial.Text);
        Assert.Equal([new ToolCall("call_anon", "get_weather", """{"city":"Oslo"}""")], exception.Partial.ToolCalls);
    }
}
