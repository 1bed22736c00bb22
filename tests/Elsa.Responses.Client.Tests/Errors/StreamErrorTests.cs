using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Errors;

/// <summary>
/// Streams that fail after a 200: error events (flat, nested, empty), <c>response.failed</c>, EOF or <c>[DONE]</c>
/// without a terminal event, and an event that is not JSON. Each surfaces as <see cref="ResponsesApiException"/> with
/// the text received so far, whatever the line ending and however the bytes arrive.
/// </summary>
public sealed class StreamErrorTests
{
    private sealed record Failure(string? Type, string? Code, string Message, string? Param = null);

    private static readonly Dictionary<string, Failure> Failures = new()
    {
        ["error-flat.sse"] = new(null, "server_error", "The model crashed."),
        ["error-nested.sse"] = new("invalid_request_error", "context_length_exceeded", "Your input exceeds the context window of this model.", "input"),
        ["error-empty.sse"] = new(null, null, "The server reported an error without details."),
        ["response-failed.sse"] = new(null, "rate_limit_exceeded", "Rate limit reached for requests."),
        ["eof-without-terminal.sse"] = new(ErrorTypes.StreamEndedEarly, null, "The stream ended before a terminal response event (response.completed, response.incomplete or response.failed)."),
        ["done-before-terminal.sse"] = new(ErrorTypes.StreamEndedEarly, null, "The stream sent [DONE] before a terminal response event."),
    };

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var transcript in Failures.Keys.Append("malformed-event.sse"))
            foreach (var ending in new[] { "LF", "CR", "CRLF" })
                foreach (var trickle in new[] { false, true })
                    data.Add(transcript, ending, trickle);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CreateAsync_StreamFailingAfterTwoDeltas_ThrowsApiExceptionWithPartialText(string transcript, string lineEnding, bool trickle)
    {
        var bytes = SseText.WithLineEndings(Transcripts.Bytes(transcript), SseText.Ending(lineEnding));
        var handler = ReplayHandler.Sse(trickle ? ChunkedStream.Trickle(bytes) : [bytes]);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => TestClients.Direct(handler).CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal("Partial answer", exception.Partial.Text);
        Assert.Equal(ResponseStatus.Failed, exception.Partial.Status);
        Assert.Null(exception.StatusCode);
        if (Failures.TryGetValue(transcript, out var expected))
        {
            Assert.Equal(expected.Type, exception.Error.Type);
            Assert.Equal(expected.Code, exception.Error.Code);
            Assert.Equal(expected.Message, exception.Error.Message);
            Assert.Equal(expected.Param, exception.Error.Param);
            Assert.Contains(expected.Message, exception.Message);
        }
        else
        {
            // The JSON reader's message varies; the type is what callers branch on.
            Assert.Equal(ErrorTypes.InvalidStreamEvent, exception.Error.Type);
            Assert.StartsWith("A stream event's data is not valid JSON", exception.Message);
        }
    }

    [Fact]
    public async Task StreamAsync_ErrorEventMidStream_DeltasBeforeItAreHandedOnFirst()
    {
        var client = TestClients.Direct(ReplayHandler.Sse(Transcripts.Bytes("error-nested.sse")));
        var deltas = new List<string>();

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(async () =>
        {
            await foreach (var update in client.StreamAsync(SampleRequests.Text()))
                deltas.Add(update.Delta);
        });

        Assert.Equal(["Partial ", "answer"], deltas);
        Assert.Equal("context_length_exceeded", exception.Error.Code);
        Assert.Equal(exception.Error, exception.Partial.Error);
    }

    [Fact]
    public async Task CreateAsync_ResponseFailedWithOutput_PartialIsTheFailedResponse()
    {
        const string failed = """
            data: {"type":"response.failed","response":{"id":"resp_x","status":"failed","error":{"code":"server_error","message":"Boom."},"output":[{"type":"message","content":[{"type":"output_text","text":"Half"}]}]}}


            """;
        var client = TestClients.Direct(ReplayHandler.Sse(System.Text.Encoding.UTF8.GetBytes(failed)));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal("Boom.", exception.Error.Message);
        Assert.Equal("Half", exception.Partial.Text);
        Assert.Equal("resp_x", exception.Partial.Id);
    }
}
