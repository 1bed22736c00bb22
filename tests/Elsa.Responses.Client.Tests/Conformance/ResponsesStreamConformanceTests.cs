using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Conformance;

/// <summary>
/// Every recorded Responses stream, served by the fake server over loopback HTTP to the client from DI: it either aggregates
/// to exactly its terminal event's <c>response.output</c> and <c>usage</c>, or fails with
/// <see cref="ResponsesApiException"/> (error events, <c>response.failed</c>, EOF without a terminal event).
/// </summary>
public sealed class ResponsesStreamConformanceTests
{
    [FixtureTheory]
    [MemberData(nameof(FixtureCatalog.ResponsesStreams), MemberType = typeof(FixtureCatalog))]
    public async Task CreateAsync_ResponsesStreamFixture_AggregateEqualsTerminalOutputOrFailsTyped(string file, int segment)
    {
        var bytes = FixtureCatalog.StreamSegment(file, segment);
        var expected = ExpectedResult.FromResponsesStream(SseText.Payloads(bytes));
        await using var server = FakeServer.Sse(bytes);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        if (expected.Fails)
        {
            var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text(stream: true)));
            Assert.Equal(ResponseStatus.Failed, exception.Partial.Status);
            if (expected.ErrorMessage is not null)
                Assert.Equal(expected.ErrorMessage, exception.Error.Message);
            return;
        }

        var result = await host.Client.CreateAsync(SampleRequests.Text(stream: true));
        Assert.Equal(expected.Status, result.Status.Value);
        if (expected.HasOutput)
        {
            Assert.Equal(expected.Id, result.Id);
            ResultAssert.Matches(expected, result);
        }

        Assert.Single(server.Requests);
    }
}
