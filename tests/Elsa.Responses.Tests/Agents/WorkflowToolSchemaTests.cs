using System.Text.Json;
using Elsa.Responses.Tests.TestSupport;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Agents;

/// <summary>
/// Issue 10 §2: a workflow's input definitions become the function tool's JSON Schema. The definition
/// (Agents/Definitions/tool-typed-inputs.json, named "Book a table (v2)!") has an input of each type.
/// </summary>
public sealed class WorkflowToolSchemaTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Tool_sent_for_a_workflow_with_an_input_of_each_type_is_exactly_this()
    {
        _server.RespondInTurns(ResponseBodies.Completed("Nothing to book."));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        await host.ImportAsync(Path.Combine(AppContext.BaseDirectory, "Agents", "Definitions", "tool-typed-inputs.json"));

        await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-schema", AgentWorkflow.Inputs("Book a table.", "test-tool-typed-inputs")));

        const string expected =
            """
            {"type":"function","name":"book_a_table_v2","description":"Every input type a tool can take.","parameters":{"type":"object","properties":{"name":{"type":"string","description":"Who books."},"guests":{"type":"integer","description":"How many people."},"loyaltyNumber":{"type":"integer"},"budget":{"type":"number","description":"Per person."},"deposit":{"type":"number","description":"Paid in advance."},"outdoor":{"type":"boolean","description":"Sit outside."},"preferences":{"type":"object","description":"Free-form preferences."},"tags":{"type":"object","description":"Labels."},"dishes":{"type":"array","items":{"type":"string"},"description":"Dishes to reserve."}},"additionalProperties":false}}
            """;
        var tool = Assert.Single(_server.ResponseRequests.Single().GetProperty("tools").EnumerateArray());
        Assert.Equal(expected, tool.GetRawText());
    }

    [Fact]
    public async Task Arguments_of_each_type_reach_the_workflow_as_its_inputs()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_book", "book_a_table_v2",
                """{"name":"Ada","guests":4,"loyaltyNumber":9007199254740993,"budget":35.5,"deposit":20.00,"outdoor":true,"preferences":{"quiet":true},"tags":{"vip":"yes"},"dishes":["soup","pie"]}"""),
            ResponseBodies.Completed("Booked."));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        await host.ImportAsync(Path.Combine(AppContext.BaseDirectory, "Agents", "Definitions", "tool-typed-inputs.json"));

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-arguments", AgentWorkflow.Inputs("Book a table.", "test-tool-typed-inputs")));

        Assert.Equal(["Done"], run.Outcomes);
        var step = Assert.Single(run.Steps);
        Assert.True(step.GetProperty("Status").GetString() == "Completed", step.GetProperty("Output").GetString());
        // The tool echoes name, guests, outdoor and dishes as its workflow read them.
        Assert.Equal("Ada x4 outdoor=true dishes=soup|pie", JsonDocument.Parse(step.GetProperty("Output").GetString()!).RootElement.GetProperty("received").GetString());
    }
}
