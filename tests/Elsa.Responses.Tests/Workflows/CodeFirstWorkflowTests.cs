using Elsa.Extensions;
using Elsa.Responses.Activities;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Activities.Flowchart.Activities;
using Elsa.Workflows.Activities.Flowchart.Models;
using Elsa.Workflows.Memory;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Workflows;

/// <summary>The activity in a workflow built in code, run with Elsa.Testing.Shared.Integration's WorkflowTestFixture.</summary>
public sealed class CodeFirstWorkflowTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start().WithModels(ResponseBodies.Model);

    public void Dispose() => _server.Dispose();

    [Theory]
    [InlineData(200, "Done", "Hello from the model.")]
    [InlineData(500, "Failed", "failed")]
    public async Task Outcome_ports_route_the_flowchart(int status, string outcome, string expectedLine)
    {
        _server.RespondWithJson(status == 200 ? ResponseBodies.Completed("Hello from the model.") : """{"error":{"message":"boom","type":"server_error"}}""", status);
        var fixture = new WorkflowTestFixture(output).ConfigureElsa(elsa => elsa.UseResponses(responses => responses.AddConnection("default", c =>
        {
            c.BaseUrl = _server.BaseUrl;
            c.ApiKey = FakeResponsesServer.ApiKey;
            c.MaxRetryAttempts = 0;
        })));
        var answer = new Variable<string>("Answer", string.Empty);
        var call = new CreateResponse { Model = new(ResponseBodies.Model), Input = new("Say hello."), Text = new(answer) };
        var writeAnswer = new WriteLine(answer);
        var writeFailure = new WriteLine("failed");
        var workflow = new Workflow
        {
            Variables = { answer },
            Root = new Flowchart
            {
                Activities = { call, writeAnswer, writeFailure },
                Connections =
                {
                    new Connection(new Endpoint(call, CreateResponseOutcomes.Done), new Endpoint(writeAnswer)),
                    new Connection(new Endpoint(call, CreateResponseOutcomes.Failed), new Endpoint(writeFailure)),
                },
            },
        };

        var result = await fixture.RunActivityAsync(workflow);

        Assert.Equal(WorkflowStatus.Finished, result.WorkflowState.Status);
        Assert.Equal(WorkflowSubStatus.Finished, result.WorkflowState.SubStatus);
        Assert.Equal([outcome], fixture.GetOutcomes(result, call));
        Assert.Equal([expectedLine], fixture.CapturingTextWriter.Lines);
    }
}
