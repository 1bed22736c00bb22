using Elsa.Extensions;
using Elsa.Responses.Activities;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Activities.Flowchart.Activities;
using Elsa.Workflows.Activities.Flowchart.Models;
using Elsa.Workflows.Memory;
using Elsa.Workflows.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Workflows;

/// <summary>
/// Issue 8 §2: whatever a call throws, the Create Response takes Failed and the workflow finishes. Never Faulted, never
/// left Running. The failures here come from a connection's own message handler (a faulty custom handler, a body cut short),
/// which no fake server can produce.
/// </summary>
public sealed class UnexpectedFailureTests(ITestOutputHelper output)
{
    // Nothing listens here: every call is answered by the connection's handler before it reaches the network.
    private static readonly Uri Unused = new("http://127.0.0.1:9");

    public static TheoryData<string, Func<Exception>, string> HandlerExceptions => new()
    {
        // Not the client's own: the activity maps it.
        { "unexpected", () => new InvalidOperationException("The proxy handler is broken."), ErrorTypes.Unexpected },
        { "unexpected", () => new NullReferenceException("A custom handler dereferenced null."), ErrorTypes.Unexpected },
        // A ResponsesApiException keeps its own error type.
        { "api", () => new ResponsesApiException("Slow down.", new ResponseError("rate_limit_exceeded", "rate_limit", "Slow down.")), "rate_limit_exceeded" },
        // A transport exception is the client's to describe.
        { "transport", () => new HttpRequestException("No route to host."), ErrorTypes.Connection },
    };

    [Theory]
    [MemberData(nameof(HandlerExceptions))]
    public async Task Any_exception_from_a_call_takes_Failed_with_a_journal_entry_and_the_workflow_finishes(string kind, Func<Exception> exception, string expectedType)
    {
        var run = await RunAsync(builder => builder.AddHttpMessageHandler(() => FaultyHandlers.Throwing(exception)));

        AssertFinished(run);
        Assert.Equal([CreateResponseOutcomes.Failed], run.Outcomes);
        Assert.Equal(expectedType, run.Error!.Type);
        var message = exception().Message;
        Assert.Contains(message, run.Error.Message);
        if (kind == "unexpected")
            Assert.Contains(exception().GetType().Name, run.Error.Message);
        Assert.Equal([$"Failed: {run.Error.Type}: {run.Error.Message}"], run.Console);

        // The journal: an Error entry for the activity, and the message in its journal data.
        var entry = Assert.Single(run.Result.Journal.WorkflowExecutionLogEntries, e => e.EventName == "Error");
        Assert.Equal(run.Call.Id, entry.ActivityId);
        Assert.Equal(run.Error.Message, entry.Message);
        Assert.Equal(run.Error.Message, run.CallContext!.JournalData["Error"]);
    }

    public static TheoryData<string, Func<Exception>> BodyCuts => new()
    {
        // What SocketsHttpHandler throws for a reset, and for a body shorter than its Content-Length.
        { "reset", () => new IOException("Unable to read data from the transport connection: Connection reset by peer.") },
        { "short body", () => new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.") },
    };

    [Theory]
    [MemberData(nameof(BodyCuts))]
    public async Task Streamed_body_cut_short_takes_Failed_with_a_transport_error_and_keeps_the_partial_text(string cut, Func<Exception> failure)
    {
        var sse = ResponseBodies.TextStream("resp_cut", "Partial ", "answer");
        sse = sse[..sse.IndexOf("event: response.output_text.done", StringComparison.Ordinal)];

        var run = await RunAsync(builder => builder.AddHttpMessageHandler(() => FaultyHandlers.CutStream(sse, failure)), stream: true);

        AssertFinished(run);
        Assert.Equal([CreateResponseOutcomes.Failed], run.Outcomes);
        Assert.Equal(ErrorTypes.Transport, run.Error!.Type);
        Assert.Contains(failure().Message, run.Error.Message);
        Assert.Equal("Partial answer", run.Text);
        Assert.Equal([$"Failed: {ErrorTypes.Transport}: {run.Error.Message}"], run.Console);
        Assert.Contains(run.Result.Journal.WorkflowExecutionLogEntries, e => e.EventName == "Error" && e.ActivityId == run.Call.Id);
        output.WriteLine($"{cut}: {run.Error.Message}");
    }

    [Fact]
    public async Task Cancellation_stays_cancellation_and_does_not_take_Failed()
    {
        using var cancel = new CancellationTokenSource();
        var requestSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = () => FaultyHandlers.Waiting(requestSent);
        var running = RunAsync(builder => builder.AddHttpMessageHandler(handler), cancellationToken: cancel.Token);

        await requestSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        var run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        // Elsa cancels the workflow; the call does not turn the cancellation into a Failed outcome.
        Assert.Equal(WorkflowSubStatus.Cancelled, run.Result.WorkflowState.SubStatus);
        Assert.DoesNotContain(CreateResponseOutcomes.Failed, run.Outcomes);
        Assert.Null(run.Error);
        Assert.Empty(run.Console);
        Assert.DoesNotContain(run.Result.Journal.WorkflowExecutionLogEntries, e => e.EventName == "Error" && e.ActivityId == run.Call.Id);
    }

    private static void AssertFinished(FlowRun run)
    {
        Assert.Equal(WorkflowStatus.Finished, run.Result.WorkflowState.Status);
        Assert.Equal(WorkflowSubStatus.Finished, run.Result.WorkflowState.SubStatus);
        Assert.Empty(run.Result.WorkflowState.Incidents);
        Assert.NotNull(run.CallContext);
        Assert.Equal(ActivityStatus.Completed, run.CallContext.Status);
        Assert.Null(run.CallContext.Exception);
    }

    // A flowchart: a Create Response on the connection "custom" (whose HttpClient the test configures), then on Failed a
    // WriteLine of the error. Text and Error are bound to variables, as a designer user would bind them.
    private async Task<FlowRun> RunAsync(Action<IHttpClientBuilder> configureHttpClient, bool stream = false, CancellationToken cancellationToken = default)
    {
        var fixture = new WorkflowTestFixture(output).ConfigureElsa(elsa => elsa.UseResponses(responses => responses.AddConnection("custom", connection =>
        {
            connection.BaseUrl = Unused;
            connection.ApiKey = FakeResponsesServer.ApiKey;
            connection.MaxRetryAttempts = 0;
        }, configureHttpClient)));
        var text = new Variable<string?>("Text", null);
        var error = new Variable<ResponseFailure?>("Error", null);
        var call = new CreateResponse
        {
            Model = new(ResponseBodies.Model),
            Connection = new("custom"),
            Input = new("Say hello."),
            Stream = new(stream),
            Text = new(text),
            Error = new(error),
        };
        var writeFailure = new WriteLine(context => $"Failed: {error.Get(context)?.Type}: {error.Get(context)?.Message}");
        var workflow = new Workflow
        {
            Variables = { text, error },
            Root = new Flowchart
            {
                Activities = { call, writeFailure },
                Connections = { new Connection(new Endpoint(call, CreateResponseOutcomes.Failed), new Endpoint(writeFailure)) },
            },
        };

        var result = await fixture.RunActivityAsync(workflow, cancellationToken);

        var callContext = result.Journal.ActivityExecutionContexts.FirstOrDefault(c => c.Activity.Id == call.Id);
        var outputs = callContext?.GetOutputs();
        return new FlowRun(result, call, callContext, fixture.GetOutcomes(result, call).ToList(),
            outputs?["Text"] as string, outputs?["Error"] as ResponseFailure, fixture.CapturingTextWriter.Lines.ToList());
    }

    private sealed record FlowRun(
        RunWorkflowResult Result,
        CreateResponse Call,
        ActivityExecutionContext? CallContext,
        IReadOnlyList<string> Outcomes,
        string? Text,
        ResponseFailure? Error,
        IReadOnlyList<string> Console);
}
