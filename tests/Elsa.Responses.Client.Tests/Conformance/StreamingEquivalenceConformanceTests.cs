using System.Text.Json;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Conformance;

/// <summary>
/// A stream's terminal <c>response</c> object is the non-streaming body of the same response. Streaming the transcript
/// and reading that body must give the same result, field by field.
/// </summary>
public sealed class StreamingEquivalenceConformanceTests
{
    public static TheoryData<string, int> StreamsWithTerminalOutput()
    {
        var data = new TheoryData<string, int>();
        foreach (var row in FixtureCatalog.ResponsesStreams())
        {
            var (file, segment) = ((string)row[0], (int)row[1]);
            var expected = ExpectedResult.FromResponsesStream(SseText.Payloads(FixtureCatalog.StreamSegment(file, segment)));
            if (!expected.Fails && expected.HasOutput)
                data.Add(file, segment);
        }

        return data;
    }

    [FixtureTheory]
    [MemberData(nameof(StreamsWithTerminalOutput))]
    public async Task StreamAsync_FixtureStream_CompletedResultEqualsCreateAsyncOnTerminalBody(string file, int segment)
    {
        var bytes = FixtureCatalog.StreamSegment(file, segment);
        var terminalBody = TerminalResponseJson(SseText.Payloads(bytes));

        var updates = await TestClients.Direct(ReplayHandler.Sse(bytes)).StreamAsync(SampleRequests.Text()).ToListAsync();
        var whole = await TestClients.Direct(ReplayHandler.Json(terminalBody)).CreateAsync(SampleRequests.Text());

        var completed = Assert.Single(updates, u => u.Kind == ResponseUpdateKind.Completed);
        Assert.Same(updates[^1], completed);
        ResultAssert.Same(whole, completed.Result!);
    }

    private static string TerminalResponseJson(IReadOnlyList<SsePayload> payloads)
    {
        foreach (var payload in payloads)
        {
            using var document = JsonDocument.Parse(payload.Data);
            if (document.RootElement.TryGetProperty("type", out var type) && type.GetString() is "response.completed" or "response.incomplete")
                return document.RootElement.GetProperty("response").GetRawText();
        }

        throw new InvalidOperationException("The stream has no terminal event.");
    }
}
