using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Workflows.Activities.Flowchart.Models;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Workflows;

/// <summary>
/// Failures inside a running workflow: the Create Response takes Failed, the step wired to Failed runs, partial text is
/// kept, and the workflow finishes normally (not Faulted, not left Running, no incident).
/// </summary>
public sealed class FailurePathTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Http_401_takes_Failed_and_the_workflow_finishes(FlowchartExecutionMode mode)
    {
        // Like OpenAI, the server quotes the key it was given: the message must still not carry it.
        _server.RespondWithJson(ResponseBodies.InvalidApiKey(FakeResponsesServer.ApiKey), status: 401);
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "summarize.json", mode);

        SampleWorkflowRunTests.AssertFinished(run);
        Assert.Equal(["Failed"], run.Outcomes("summarize-call"));
        Assert.True(run.Ran("write-failure"));
        Assert.False(run.Ran("write-summary"));
        var line = Assert.Single(run.Console);
        Assert.StartsWith("Summarize failed: POST /v1/responses failed with HTTP 401 (Unauthorized): invalid_api_key: Incorrect API key provided: ***.", line);

        var error = Assert.IsType<ResponseFailure>(run.Output("summarize-call", "Error"));
        Assert.Equal(401, error.Status);
        Assert.Equal("invalid_api_key", error.Code);
        Assert.Equal("failed", run.Output("summarize-call", "Status"));
        Assert.Equal(string.Empty, run.StringVariable("summary-var"));
        Assert.Equal(error.Message, run.Record("summarize-call").Payload!["Error"]);
        Assert.DoesNotContain(FakeResponsesServer.ApiKey, line);
        Assert.DoesNotContain(FakeResponsesServer.ApiKey, error.Message);
    }

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Error_event_mid_stream_takes_Failed_with_the_partial_text(FlowchartExecutionMode mode)
    {
        _server.RespondWithStream(ResponseBodies.StreamWithErrorMidway("resp_broken", "The model crashed.", "Durable workflows ", "keep their"));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "expressions.json", mode);

        SampleWorkflowRunTests.AssertFinished(run);
        Assert.Equal(["Failed"], run.Outcomes("expressions-call"));
        Assert.Equal("Durable workflows keep their", run.Output("expressions-call", "Text"));
        Assert.Equal("resp_broken", run.Output("expressions-call", "ResponseId"));

        // The steps wired to Failed ran and saw the partial text and the error.
        Assert.True(run.Ran("set-partial-answer"));
        Assert.True(run.Ran("set-failure"));
        Assert.False(run.Ran("set-answer"));
        Assert.Equal("Durable workflows keep their", run.StringVariable("answer-var"));
        Assert.Equal("The response stream reported an error: server_error: The model crashed.", run.StringVariable("failure-var"));
        Assert.Equal(["Explain failed: The response stream reported an error: server_error: The model crashed."], run.Console);
    }

    [Fact]
    public async Task Stream_that_ends_without_a_terminal_event_takes_Failed_with_the_partial_text()
    {
        var cut = ResponseBodies.TextStream("resp_cut", "Durable ", "workflows");
        cut = cut[..cut.IndexOf("event: response.output_text.done", StringComparison.Ordinal)];
        _server.RespondWithStream(cut);
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "expressions.json");

        SampleWorkflowRunTests.AssertFinished(run);
        Assert.Equal(["Failed"], run.Outcomes("expressions-call"));
        Assert.Equal("Durable workflows", run.StringVariable("answer-var"));
        Assert.Equal("stream_ended_early", Assert.IsType<ResponseFailure>(run.Output("expressions-call", "Error")).Type);
    }

    [Fact]
    public async Task Validation_failure_in_a_workflow_takes_Failed_without_a_request()
    {
        // summarize.json with its literal temperature changed to 3.
        _server.RespondWithJson(ResponseBodies.Completed("must not be asked for"));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        var path = Path.Combine(Path.GetTempPath(), $"summarize-temperature-{Guid.NewGuid():N}.json");
        var json = await File.ReadAllTextAsync(SamplePaths.Workflow("summarize.json"));
        Assert.Contains("\"value\": \"0.2\"", json);
        await File.WriteAllTextAsync(path, json.Replace("\"value\": \"0.2\"", "\"value\": \"3\"", StringComparison.Ordinal));
        try
        {
            var definition = await host.ImportAsync(path);
            var state = await host.Services.RunWorkflowUntilEndAsync(definition.DefinitionId);

            Assert.Equal(WorkflowStatus.Finished, state.Status);
            Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
            var line = Assert.Single(host.Console.Lines);
            Assert.Equal("Summarize failed: temperature must be between 0 and 2", line);
            Assert.Empty(_server.ResponseRequests);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
