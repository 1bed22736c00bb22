using System.Text.Json;
using Elsa.Common.Models;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Models;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Workflows;

/// <summary>
/// Studio's Test tab: <c>POST /elsa/api/tests/activities</c> finds the workflow graph, runs one activity with
/// <see cref="IActivityTestRunner"/> and maps it with <see cref="IActivityExecutionMapper"/>. This does the same, then
/// looks for the API key in everything that run left behind.
/// </summary>
public sealed class TestTabTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start().WithModels(ResponseBodies.Model);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Test_run_of_a_literal_activity_returns_its_outputs_and_never_the_key()
    {
        _server.RespondWithJson(ResponseBodies.Completed("Elsa runs workflows.", id: "resp_tab"));

        var (context, record, host) = await RunInTestTabAsync("summarize.json", "summarize-call");

        Assert.Equal(ActivityStatus.Completed, record.Status);
        Assert.Null(record.Exception);
        Assert.Equal(["Done"], context.GetOutcomes());
        Assert.Equal("Elsa runs workflows.", record.Outputs!["Text"]);
        Assert.Equal("The user wants a short answer.", record.Outputs["Reasoning"]);
        Assert.Equal(new ResponseUsage(42, 17, 59, 8, 5), record.Outputs["Usage"]);
        Assert.Equal("completed", record.Outputs["Status"]);
        Assert.Equal("resp_tab", record.Outputs["ResponseId"]);
        // The raw body and the conversation are large and repeat the outputs above: left out of the record by default.
        Assert.False(record.Outputs.ContainsKey("Response"));
        Assert.False(record.Outputs.ContainsKey("Conversation"));
        Assert.Null(record.Outputs["Error"]);
        // The Status output above is what the record says of the status; the journal does not repeat it.
        Assert.False(record.Payload!.ContainsKey("Status"));

        AssertKeyWasSentButNeverKept(context, record, host);
    }

    [Fact]
    public async Task Test_run_of_an_expression_activity_evaluates_javascript_and_variables_and_streams()
    {
        _server.RespondWithStream(ResponseBodies.TextStream("resp_tab_stream", "Durable ", "workflows ", "resume."));

        var (context, record, host) = await RunInTestTabAsync("expressions.json", "expressions-call");

        Assert.Equal(["Done"], context.GetOutcomes());
        Assert.Equal("Durable workflows resume.", record.Outputs!["Text"]);
        Assert.Equal(new ResponseUsage(30, 12, 42, 0, 0), record.Outputs["Usage"]);
        var request = Assert.Single(_server.ResponseRequests);
        Assert.Equal("Explain durable workflows to a new developer in two sentences.", request.GetProperty("input").GetString());
        Assert.Equal("openai-gpt-oss-120b", request.GetProperty("model").GetString());

        AssertKeyWasSentButNeverKept(context, record, host);
    }

    [Fact]
    public async Task Test_run_of_a_tool_call_sets_ToolCalls()
    {
        _server.RespondWithJson(ResponseBodies.ToolCall(callId: "call_tab"));

        var (context, record, host) = await RunInTestTabAsync("tool-loop.json", "tool-call");

        Assert.Equal(["Tool calls"], context.GetOutcomes());
        var call = Assert.Single(Assert.IsAssignableFrom<ICollection<ToolCall>>(record.Outputs!["ToolCalls"]));
        Assert.Equal("call_tab", call.CallId);
        AssertKeyWasSentButNeverKept(context, record, host);
    }

    [Fact]
    public async Task Test_run_that_fails_with_a_401_quoting_the_key_still_never_keeps_it()
    {
        _server.RespondWithJson(ResponseBodies.InvalidApiKey(FakeResponsesServer.ApiKey), status: 401);

        var (context, record, host) = await RunInTestTabAsync("summarize.json", "summarize-call");

        Assert.Equal(ActivityStatus.Completed, record.Status);
        Assert.Null(record.Exception);
        Assert.Equal(["Failed"], context.GetOutcomes());
        var error = Assert.IsType<ResponseFailure>(record.Outputs!["Error"]);
        Assert.Equal(401, error.Status);
        Assert.Contains("Incorrect API key provided: ***.", error.Message);
        Assert.Equal(error.Message, record.Payload!["Error"]);

        AssertKeyWasSentButNeverKept(context, record, host);
    }

    private async Task<(ActivityExecutionContext Context, ActivityExecutionRecord Record, ElsaTestHost Host)> RunInTestTabAsync(string sample, string activityId)
    {
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        var definition = await host.ImportAsync(SamplePaths.Workflow(sample));

        // What the endpoint does, in a request scope.
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var graph = await services.GetRequiredService<IWorkflowDefinitionService>()
            .FindWorkflowGraphAsync(WorkflowDefinitionHandle.ByDefinitionId(definition.DefinitionId, VersionOptions.Latest));
        Assert.NotNull(graph);
        var activity = graph.FindActivity(ActivityHandle.FromActivityId(activityId));
        Assert.NotNull(activity);
        var context = await services.GetRequiredService<IActivityTestRunner>().RunAsync(graph, activity);
        var record = await services.GetRequiredService<IActivityExecutionMapper>().MapAsync(context);
        return (context, record, host);
    }

    private void AssertKeyWasSentButNeverKept(ActivityExecutionContext context, ActivityExecutionRecord record, ElsaTestHost host)
    {
        // The key was in use: the server got it.
        Assert.Contains($"Bearer {FakeResponsesServer.ApiKey}", _server.AuthorizationHeaders);

        var services = host.Services;
        var apiSerializer = services.GetRequiredService<IApiSerializer>();
        var payloadSerializer = services.GetRequiredService<IPayloadSerializer>();
        var workflowState = services.GetRequiredService<IWorkflowStateExtractor>().Extract(context.WorkflowExecutionContext);
        var logs = host.Logs.GetSnapshot();
        // Logs are captured below Information too (IHttpClientFactory logs request headers at Trace).
        Assert.Contains(logs, l => l.Level <= LogLevel.Debug);

        var places = new Dictionary<string, string>
        {
            // The endpoint's response body, serialized as the API serializes it.
            ["test endpoint response"] = apiSerializer.Serialize(new
            {
                record.ActivityState,
                record.Outputs,
                record.Payload,
                record.Exception,
                record.Status,
            }),
            ["ActivityExecutionContext.ActivityState"] = payloadSerializer.Serialize(context.ActivityState),
            ["ActivityExecutionContext.JournalData"] = payloadSerializer.Serialize(context.JournalData),
            ["ActivityExecutionContext.Properties"] = payloadSerializer.Serialize(context.Properties),
            ["outputs"] = payloadSerializer.Serialize(context.GetOutputs()),
            ["activity execution record snapshot"] = JsonSerializer.Serialize(record.SerializedSnapshot),
            ["workflow execution log"] = payloadSerializer.Serialize(context.WorkflowExecutionContext.ExecutionLog.ToList()),
            ["workflow state"] = services.GetRequiredService<IWorkflowStateSerializer>().Serialize(workflowState),
            ["logs"] = string.Join("\n", logs.Select(l =>
                $"{l.Level} {l.Category} {l.Message} {l.Exception} " +
                string.Join(",", l.StructuredState?.Select(s => $"{s.Key}={s.Value}") ?? []) + " " +
                string.Join(",", l.Scopes.Select(s => s?.ToString())))),
            ["console"] = string.Join("\n", host.Console.Lines),
        };

        var leaks = places.Where(p => p.Value.Contains(FakeResponsesServer.ApiKey, StringComparison.Ordinal)).Select(p => p.Key).ToList();
        Assert.True(leaks.Count == 0, $"The API key appears in: {string.Join(", ", leaks)}.");
        var empty = places.Where(p => p.Key != "console" && string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key).ToList();
        Assert.True(empty.Count == 0, $"Nothing was captured from: {string.Join(", ", empty)}.");
    }
}
