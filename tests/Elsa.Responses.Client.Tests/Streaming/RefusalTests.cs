using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Streaming;

/// <summary>
/// A refusal is its own part of the result, in each of the three shapes the wire carries it: a <c>refusal</c> content
/// part, <c>response.refusal.delta</c>/<c>.done</c> events, and <c>delta.refusal</c> in chat chunks.
/// </summary>
public sealed class RefusalTests
{
    private const string Refusal = "I can't help with that.";

    [Fact]
    public async Task CreateAsync_MessageWithRefusalPart_RefusalSetAndTextEmpty()
    {
        const string body = """
            {"id":"resp_refuse","object":"response","status":"completed","model":"test-model","output":[
              {"type":"message","id":"msg_refuse","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]}
            ]}
            """;
        var client = TestClients.Direct(ReplayHandler.Json(body));

        var result = await client.CreateAsync(SampleRequests.Text());

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Equal(Refusal, result.Refusal);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public async Task CreateAsync_MessageWithOutputText_RefusalNull()
    {
        var client = TestClients.Direct(ReplayHandler.Json("""
            {"status":"completed","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Sure."}]}]}
            """));

        var result = await client.CreateAsync(SampleRequests.Text());

        Assert.Null(result.Refusal);
    }

    [Fact]
    public async Task StreamAsync_TypedRefusalEvents_RefusalDeltasAndRefusal()
    {
        var (updates, result) = await UpdateStream.ReadAsync([Transcripts.Bytes("refusal-typed.sse")]);

        Assert.Equal(
            [new UpdateView(ResponseUpdateKind.RefusalDelta, "I can't help ", 0, null, null), new UpdateView(ResponseUpdateKind.RefusalDelta, "with that.", 0, null, null)],
            updates);
        Assert.Equal(Refusal, result.Refusal);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public async Task StreamAsync_ChatDeltaRefusal_RefusalDeltasAndRefusal()
    {
        var (updates, result) = await UpdateStream.ReadAsync([Transcripts.Bytes("chat-refusal.sse")]);

        Assert.Equal([ResponseUpdateKind.RefusalDelta, ResponseUpdateKind.RefusalDelta], updates.Select(u => u.Kind));
        Assert.Equal(["I can't help ", "with that."], updates.Select(u => u.Delta));
        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Equal(Refusal, result.Refusal);
        Assert.Equal("", result.Text);
    }
}
