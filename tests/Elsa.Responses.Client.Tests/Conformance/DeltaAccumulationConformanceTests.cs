using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Conformance;

/// <summary>
/// The terminal <c>response.output</c> is the final truth, so the aggregate would be right even if accumulation were
/// broken. These tests prove accumulation itself: over every recorded stream that carries deltas, the text and tool
/// calls built from the deltas alone, and the updates handed to the caller, add up to the terminal output.
/// </summary>
public sealed class DeltaAccumulationConformanceTests
{
    public static TheoryData<string, int> StreamsWithTextDeltas() => Filter("response.output_text.delta");

    public static TheoryData<string, int> StreamsWithArgumentDeltas() => Filter("response.function_call_arguments.delta");

    [FixtureTheory]
    [MemberData(nameof(StreamsWithTextDeltas))]
    public void BuildFromState_TextDeltasOnly_EqualTerminalText(string file, int segment)
    {
        var bytes = FixtureCatalog.StreamSegment(file, segment);
        var expected = ExpectedResult.FromResponsesStream(SseText.Payloads(bytes));

        var fromDeltas = FixtureEvents.FromDeltasOnly(bytes);

        Assert.NotEmpty(expected.Text);
        Assert.Equal(expected.Text, fromDeltas.Text);
    }

    [FixtureTheory]
    [MemberData(nameof(StreamsWithArgumentDeltas))]
    public void BuildFromState_ArgumentDeltasOnly_EqualTerminalToolCalls(string file, int segment)
    {
        var bytes = FixtureCatalog.StreamSegment(file, segment);
        var expected = ExpectedResult.FromResponsesStream(SseText.Payloads(bytes));

        var fromDeltas = FixtureEvents.FromDeltasOnly(bytes);

        Assert.NotEmpty(expected.ToolCalls);
        Assert.Equal(expected.ToolCalls, fromDeltas.ToolCalls);
    }

    [FixtureTheory]
    [MemberData(nameof(StreamsWithTextDeltas))]
    public async Task StreamAsync_TextDeltaUpdates_ConcatenateToTerminalText(string file, int segment)
    {
        var bytes = FixtureCatalog.StreamSegment(file, segment);
        var expected = ExpectedResult.FromResponsesStream(SseText.Payloads(bytes));
        var client = TestClients.Direct(ReplayHandler.Sse(bytes));

        var updates = await client.StreamAsync(SampleRequests.Text()).ToListAsync();

        Assert.Equal(expected.Text, string.Concat(updates.Where(u => u.Kind == ResponseUpdateKind.TextDelta).Select(u => u.Delta)));
        Assert.Equal(ResponseUpdateKind.Completed, updates[^1].Kind);
    }

    [FixtureTheory]
    [MemberData(nameof(StreamsWithArgumentDeltas))]
    public async Task StreamAsync_ToolCallDeltaUpdates_ConcatenateToTerminalArguments(string file, int segment)
    {
        var bytes = FixtureCatalog.StreamSegment(file, segment);
        var expected = ExpectedResult.FromResponsesStream(SseText.Payloads(bytes));
        var client = TestClients.Direct(ReplayHandler.Sse(bytes));

        var updates = await client.StreamAsync(SampleRequests.Text()).ToListAsync();

        var perCall = updates.Where(u => u.Kind == ResponseUpdateKind.ToolCallDelta)
            .GroupBy(u => u.OutputIndex)
            .OrderBy(g => g.Key)
            .Select(g => string.Concat(g.Select(u => u.Delta)));
        Assert.Equal(expected.ToolCalls.Select(c => c.Arguments), perCall);
    }

    private static TheoryData<string, int> Filter(string deltaType)
    {
        var data = new TheoryData<string, int>();
        foreach (var row in FixtureCatalog.ResponsesStreams())
        {
            var (file, segment) = ((string)row[0], (int)row[1]);
            var payloads = SseText.Payloads(FixtureCatalog.StreamSegment(file, segment));
            var expected = ExpectedResult.FromResponsesStream(payloads);
            if (!FixtureEvents.DeltasNotAddingUp.ContainsKey(file) && !expected.Fails && expected.HasOutput && FixtureEvents.TypesBeforeTerminal(payloads).Contains(deltaType))
                data.Add(file, segment);
        }

        return data;
    }
}
