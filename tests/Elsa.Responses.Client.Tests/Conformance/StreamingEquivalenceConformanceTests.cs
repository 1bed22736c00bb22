using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Conformance;

/// <summary>
/// A stream's deltas and its terminal <c>response</c> object describe the same response. The test reads both itself,
/// with <see cref="System.Text.Json.JsonDocument"/> and none of the client's mapping: the text (when the stream carries
/// text deltas) and the tool calls (when it carries argument deltas) that the deltas add up to must be the terminal
/// body's, and the client's streamed result must be that same response.
/// </summary>
public sealed class StreamingEquivalenceConformanceTests
{
    private const string TextDelta = "response.output_text.delta";
    private const string ArgumentsDelta = "response.function_call_arguments.delta";

    public static TheoryData<string, int> StreamsWithDeltasAndTerminalOutput()
    {
        var data = new TheoryData<string, int>();
        foreach (var row in FixtureCatalog.ResponsesStreams())
        {
            var (file, segment) = ((string)row[0], (int)row[1]);
            var payloads = SseText.Payloads(FixtureCatalog.StreamSegment(file, segment));
            var terminal = ExpectedResult.FromResponsesStream(payloads);
            var types = FixtureEvents.TypesBeforeTerminal(payloads);
            if (!FixtureEvents.DeltasNotAddingUp.ContainsKey(file) && !terminal.Fails && terminal.HasOutput &&
                (types.Contains(TextDelta) || types.Contains(ArgumentsDelta)))
                data.Add(file, segment);
        }

        return data;
    }

    [FixtureTheory]
    [MemberData(nameof(StreamsWithDeltasAndTerminalOutput))]
    public async Task StreamAsync_FixtureStream_DeltasTerminalBodyAndResultAgree(string file, int segment)
    {
        var bytes = FixtureCatalog.StreamSegment(file, segment);
        var payloads = SseText.Payloads(bytes);
        var types = FixtureEvents.TypesBeforeTerminal(payloads);
        var fromDeltas = ExpectedResult.FromDeltas(payloads);
        var terminal = ExpectedResult.FromResponsesStream(payloads);

        var updates = await TestClients.Direct(ReplayHandler.Sse(bytes)).StreamAsync(SampleRequests.Text()).ToListAsync();

        var completed = Assert.Single(updates, u => u.Kind == ResponseUpdateKind.Completed);
        Assert.Same(updates[^1], completed);
        var result = completed.Result!;
        if (types.Contains(TextDelta))
        {
            Assert.Equal(terminal.Text, fromDeltas.Text);
            Assert.Equal(fromDeltas.Text, result.Text);
        }

        if (types.Contains(ArgumentsDelta))
        {
            Assert.Equal(terminal.ToolCalls, fromDeltas.ToolCalls);
            Assert.Equal(fromDeltas.ToolCalls, result.ToolCalls);
        }

        Assert.Equal(terminal.Id, result.Id);
        Assert.Equal(terminal.Status, result.Status.Value);
        Assert.Equal(terminal.Usage, result.Usage);
    }
}
