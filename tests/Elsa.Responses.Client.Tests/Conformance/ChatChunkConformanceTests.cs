using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Conformance;

/// <summary>
/// Chat-completions chunk streams (openai-python, openai-dotnet, llama.cpp cassettes, Azure) go through the same
/// client and come out as the test's own aggregate of <c>choices[0].delta</c>: content, tool calls by index, last usage.
/// </summary>
public sealed class ChatChunkConformanceTests
{
    [FixtureTheory]
    [MemberData(nameof(FixtureCatalog.ChatStreams), MemberType = typeof(FixtureCatalog))]
    public async Task CreateAsync_ChatChunkFixture_MatchesIndependentAggregate(string file, int segment)
    {
        var bytes = FixtureCatalog.StreamSegment(file, segment);
        var expected = ExpectedResult.FromChatStream(SseText.Payloads(bytes));
        await using var server = FakeServer.Sse(bytes);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        var result = await host.Client.CreateAsync(SampleRequests.Text(stream: true));

        Assert.Equal(expected.Id, result.Id);
        ResultAssert.Matches(expected, result);
        Assert.Null(result.Raw);
    }

    [FixtureTheory]
    [MemberData(nameof(FixtureCatalog.ChatStreams), MemberType = typeof(FixtureCatalog))]
    public async Task StreamAsync_ChatChunkFixture_TextUpdatesConcatenateToContent(string file, int segment)
    {
        var bytes = FixtureCatalog.StreamSegment(file, segment);
        var expected = ExpectedResult.FromChatStream(SseText.Payloads(bytes));
        var client = TestClients.Direct(ReplayHandler.Sse(bytes));

        var updates = await client.StreamAsync(SampleRequests.Text()).ToListAsync();

        Assert.Equal(expected.Text, string.Concat(updates.Where(u => u.Kind == Client.Streaming.ResponseUpdateKind.TextDelta).Select(u => u.Delta)));
        Assert.Equal(expected.Text, updates[^1].Result!.Text);
    }
}
