using Elsa.Responses.Activities;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;

namespace Elsa.Responses.Tests.Relay;

/// <summary>
/// RelayToHttpResponse outside an HTTP request (the Test tab, the workflows API, a background run): the input does
/// nothing, the call is made as usual, and the journal says why nothing was relayed. The relay itself runs against the
/// real sample server in the browser tests (RelayEndpointTests), where an HTTP Endpoint starts the workflow.
/// </summary>
public sealed class RelayOutsideHttpTests : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Relay_outside_an_HTTP_request_is_skipped_with_a_journal_note_and_the_answer_is_kept(bool stream)
    {
        if (stream)
            _server.RespondWithStream(ResponseBodies.TextStream("resp_stream", "Hel", "lo."));
        else
            _server.RespondWithJson(ResponseBodies.Completed("Hello.", id: "resp_stream"));
        var activity = ActivityHarness.Activity();
        activity.Stream = new(stream);
        activity.RelayToHttpResponse = new(true);

        var context = await ActivityHarness.ExecuteAsync(activity, _server.BaseUrl);

        Assert.Equal([CreateResponseOutcomes.Done], context.GetOutcomes());
        Assert.Equal("Hello.", context.Output<string>("Text"));
        var note = Assert.Single(context.WorkflowExecutionContext.ExecutionLog, e => e.EventName == "Relay skipped");
        Assert.Contains("not running inside an HTTP request", note.Message);
        Assert.StartsWith("skipped", (string)context.JournalData["Relay"]!);
        Assert.Equal(stream, Assert.Single(_server.ResponseRequests).TryGetProperty("stream", out var s) && s.GetBoolean());
    }

    [Fact]
    public async Task Without_the_relay_input_the_journal_says_nothing_about_a_relay()
    {
        _server.RespondWithJson(ResponseBodies.Completed("Hello.", id: "resp_plain"));

        var context = await ActivityHarness.ExecuteAsync(ActivityHarness.Activity(), _server.BaseUrl);

        Assert.DoesNotContain(context.WorkflowExecutionContext.ExecutionLog, e => e.EventName == "Relay skipped");
        Assert.False(context.JournalData.ContainsKey("Relay"));
    }
}
