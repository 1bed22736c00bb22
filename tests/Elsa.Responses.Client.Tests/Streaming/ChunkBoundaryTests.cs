using System.Text;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Streaming;

/// <summary>
/// Where the network cuts the bytes must not matter: every two-chunk split, seeded random multi-splits, and splits
/// inside multi-byte UTF-8 characters give the same updates and the same result as the whole body.
/// </summary>
public sealed class ChunkBoundaryTests
{
    public static TheoryData<string> SplitTranscripts() => new("text-unicode.sse", "args-many-deltas.sse", "chat-done-then-garbage.sse", "copilot-rotating-ids.sse");

    public static TheoryData<string> AllTranscripts() => new(TranscriptExpectations.Successes.Keys);

    [Theory]
    [MemberData(nameof(SplitTranscripts))]
    public async Task StreamAsync_TwoChunksAtEverySplitPoint_SameUpdatesAndResultAsWhole(string transcript)
    {
        var bytes = Transcripts.Bytes(transcript);
        var whole = await UpdateStream.ReadAsync([bytes]);
        TranscriptExpectations.AssertMatches(transcript, whole.Result);

        for (var split = 1; split < bytes.Length; split++)
        {
            var run = await UpdateStream.ReadAsync(ChunkedStream.Split(bytes, split));
            Assert.True(whole.Updates.SequenceEqual(run.Updates), $"updates differ when split at byte {split}");
            TranscriptExpectations.AssertMatches(transcript, run.Result);
        }
    }

    [Theory]
    [MemberData(nameof(AllTranscripts))]
    public async Task StreamAsync_SeededRandomMultiSplits_SameUpdatesAndResultAsWhole(string transcript)
    {
        var bytes = Transcripts.Bytes(transcript);
        var whole = await UpdateStream.ReadAsync([bytes]);
        var random = new Random(20260601 + transcript.Sum(c => c));

        for (var round = 0; round < 60; round++)
        {
            var cuts = Enumerable.Range(0, random.Next(2, 40)).Select(_ => random.Next(1, bytes.Length)).ToArray();
            var run = await UpdateStream.ReadAsync(ChunkedStream.Split(bytes, cuts));
            Assert.True(whole.Updates.SequenceEqual(run.Updates), $"updates differ for cuts [{string.Join(", ", cuts.Order())}]");
            TranscriptExpectations.AssertMatches(transcript, run.Result);
        }
    }

    [Fact]
    public async Task StreamAsync_SplitInsideMultiByteCharacters_DecodesSameText()
    {
        var bytes = Transcripts.Bytes("text-unicode.sse");
        // A byte 10xxxxxx continues a UTF-8 sequence: cutting before it splits a character.
        var inside = Enumerable.Range(1, bytes.Length - 1).Where(i => (bytes[i] & 0xC0) == 0x80).ToArray();
        Assert.True(inside.Length >= 15, "the transcript should hold enough multi-byte characters to cut");

        foreach (var cut in inside)
            TranscriptExpectations.AssertMatches("text-unicode.sse", (await UpdateStream.ReadAsync(ChunkedStream.Split(bytes, cut))).Result);

        // 👋🏽 is two 4-byte sequences: cut it after every byte.
        var wave = IndexOf(bytes, Encoding.UTF8.GetBytes("👋🏽"));
        var everyByte = Enumerable.Range(wave + 1, 7).ToArray();
        TranscriptExpectations.AssertMatches("text-unicode.sse", (await UpdateStream.ReadAsync(ChunkedStream.Split(bytes, everyByte))).Result);
    }

    [FixtureFact]
    public async Task StreamAsync_RecordedNonAsciiStreamAtEverySplitPoint_SameTextAsTerminalOutput()
    {
        // OpenAI gpt-4o answering "Olá!": the only recorded Responses stream this short with non-ASCII text in a delta.
        var bytes = FixtureCatalog.StreamSegment("charmbracelet-fantasy/extracted/TestOpenAIResponsesCommon/openai-gpt-4o/simple_streaming.00.response.sse", 0);
        var expected = ExpectedResult.FromResponsesStream(SseText.Payloads(bytes));
        Assert.Contains(expected.Text, c => c > 127);
        var whole = await UpdateStream.ReadAsync([bytes]);
        Assert.Equal(expected.Text, string.Concat(whole.Updates.Select(u => u.Delta)));

        for (var split = 1; split < bytes.Length; split++)
        {
            var run = await UpdateStream.ReadAsync(ChunkedStream.Split(bytes, split));
            Assert.True(whole.Updates.SequenceEqual(run.Updates), $"updates differ when split at byte {split}");
            Assert.Equal(expected.Text, run.Result.Text);
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                return i;
        throw new InvalidOperationException("not found");
    }
}
