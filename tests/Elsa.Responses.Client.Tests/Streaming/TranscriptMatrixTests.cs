using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Streaming;

/// <summary>
/// Every hand-written transcript, in every line ending (LF, CR, CRLF), delivered whole and one byte per read: framing
/// variants (comments, <c>data:</c> without a space, multi-line data, no final blank line, no <c>event:</c> lines),
/// <c>[DONE]</c> and what follows it, missing and out-of-order sequence numbers, unknown events, ids that change on
/// every event, and the four ways function arguments arrive.
/// </summary>
public sealed class TranscriptMatrixTests
{
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var transcript in TranscriptExpectations.Successes.Keys)
            foreach (var ending in new[] { "LF", "CR", "CRLF" })
                foreach (var trickle in new[] { false, true })
                    data.Add(transcript, ending, trickle);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CreateAsync_TranscriptInLineEndingAndDelivery_ProducesExpectedResult(string transcript, string lineEnding, bool trickle)
    {
        var bytes = SseText.WithLineEndings(Transcripts.Bytes(transcript), SseText.Ending(lineEnding));
        var handler = ReplayHandler.Sse(trickle ? ChunkedStream.Trickle(bytes) : [bytes]);

        var result = await TestClients.Direct(handler).CreateAsync(SampleRequests.Text(stream: true));

        TranscriptExpectations.AssertMatches(transcript, result);
    }
}
