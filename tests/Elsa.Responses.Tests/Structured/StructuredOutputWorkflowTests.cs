using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Responses.Tests.Workflows;
using Elsa.Workflows.Activities.Flowchart.Models;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Structured;

/// <summary>
/// Issue 11 §2 and §4 on real Elsa: samples/workflows/extract.json (Create Response with an Output schema for
/// {name, email, priority}, then a Decision on getOutputFrom('extract','Json').priority), and Run Agent with a schema.
/// </summary>
public sealed class StructuredOutputWorkflowTests(ITestOutputHelper output) : IDisposable
{
    private const string Grace = """{"name":"Grace Hopper","email":"grace@example.com","priority":"high"}""";

    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Theory]
    [MemberData(nameof(SampleRun.ExecutionModes), MemberType = typeof(SampleRun))]
    public async Task Valid_answer_is_parsed_and_a_downstream_step_branches_on_its_property(FlowchartExecutionMode mode)
    {
        _server.RespondInTurns(ResponseBodies.Completed(Grace));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "extract.json", mode);

        SampleWorkflowRunTests.AssertFinished(run);
        Assert.Equal(["Done"], run.Outcomes("extract"));
        Assert.Equal(["Escalate: Grace Hopper <grace@example.com> (high)"], run.Console);
        var json = JsonSerializer.SerializeToElement(run.Output("extract", "Json"));
        Assert.Equal("grace@example.com", json.GetProperty("email").GetString());
        Assert.Equal("Grace Hopper", run.Variable("ticket-var").GetProperty("name").GetString());

        var request = Assert.Single(_server.ResponseRequests);
        var format = request.GetProperty("text").GetProperty("format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("support_ticket", format.GetProperty("name").GetString());
        Assert.True(format.GetProperty("strict").GetBoolean());
        Assert.Equal(["name", "email", "priority"], format.GetProperty("schema").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Invalid_answer_is_repaired_once_and_the_second_request_lists_the_errors()
    {
        _server.RespondInTurns(
            ResponseBodies.Completed("""{"name":"Grace Hopper","priority":"blocker"}""", id: "resp_1"),
            ResponseBodies.Completed("""{"name":"Grace Hopper","email":"grace@example.com","priority":"normal"}""", id: "resp_2"));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "extract.json");

        Assert.Equal(["Done"], run.Outcomes("extract"));
        Assert.Equal(["Queue: Grace Hopper <grace@example.com> (normal)"], run.Console);
        Assert.Equal(2, _server.ResponseRequests.Count);
        var repair = _server.ResponseRequests[1].GetProperty("input").EnumerateArray().Last();
        Assert.Equal("user", repair.GetProperty("role").GetString());
        var message = repair.GetProperty("content").GetString()!;
        Assert.Contains("(root): Required properties [\"email\"] are not present", message);
        Assert.Contains("/priority: ", message);
        // Usage of both attempts: 59 + 59.
        Assert.Equal(118L, JsonSerializer.SerializeToElement(run.Output("extract", "Usage")).GetProperty("TotalTokens").GetInt64());
    }

    [Fact]
    public async Task Answer_still_invalid_after_the_repairs_takes_Invalid_output_with_the_errors()
    {
        _server.RespondInTurns(ResponseBodies.Completed("""{"name":"Grace Hopper"}"""));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "extract.json");

        Assert.Equal(["Invalid output"], run.Outcomes("extract"));
        Assert.Equal(2, _server.ResponseRequests.Count);
        Assert.Null(run.Output("extract", "Json"));
        Assert.Equal("""{"name":"Grace Hopper"}""", run.Output("extract", "Text"));
        var error = Assert.IsType<ResponseFailure>(run.Output("extract", "Error"));
        Assert.Equal("invalid_output", error.Type);
        Assert.Equal("(root): Required properties [\"email\",\"priority\"] are not present", Assert.Single(error.SchemaErrors!).ToString());
        Assert.Equal([$"Invalid output: {error.Message}"], run.Console);
        Assert.StartsWith("The answer does not match the Output schema after 2 attempt(s)", error.Message);
    }

    [Fact]
    public async Task Streamed_structured_answer_is_parsed()
    {
        _server.RespondWithStream(ResponseBodies.TextStream("resp_s", Grace[..25], Grace[25..]));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        var inputs = Inputs("""{"type":"object","properties":{"priority":{"type":"string"}},"required":["priority"]}""");
        inputs["stream"] = OneActivityDefinition.Literal("Boolean", "true");

        var run = await AgentRunResult.RunAsync(host, OneActivityJson("create-streamed-schema", "Elsa.Responses.CreateResponse", inputs));

        Assert.Equal(["Done"], run.Outcomes);
        Assert.Equal("high", run.Output("Json").GetProperty("priority").GetString());
        Assert.True(_server.ResponseRequests.Single().GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Invalid_schema_fails_naming_the_field_and_sends_nothing()
    {
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await AgentRunResult.RunAsync(host, OneActivityJson("create-bad-schema", "Elsa.Responses.CreateResponse",
            Inputs("""{"type":"object","properties":{"priority":{"type":"urgent"}}}""")));

        Assert.Equal(["Failed"], run.Outcomes);
        Assert.Equal("validation_error", run.Output("Error").GetProperty("Type").GetString());
        Assert.StartsWith("text.format.schema is not a valid JSON Schema at /properties/priority/type: ", run.Output("Error").GetProperty("Message").GetString());
        Assert.Empty(_server.ResponseRequests);
    }

    [Fact]
    public async Task Run_Agent_checks_its_final_answer_and_repairs_it_as_one_more_turn()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}""", id: "resp_1"),
            ResponseBodies.Completed("Sunny, 21 degrees.", id: "resp_2"),
            ResponseBodies.Completed("""{"city":"Amsterdam","summary":"Sunny, 21 °C"}""", id: "resp_3"));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        await host.ImportAsync(SamplePaths.Workflow("tools/get-weather.json"));
        var inputs = AgentWorkflow.Inputs("Weather in Amsterdam?", "responses-tool-get-weather");
        inputs["outputSchema"] = OneActivityDefinition.Literal("Object", """{"type":"object","properties":{"city":{"type":"string"},"summary":{"type":"string"}},"required":["city","summary"]}""");

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-structured", inputs));

        Assert.Equal(["Done"], run.Outcomes);
        Assert.Equal(3, run.Output("Iterations").GetInt32());
        Assert.Equal("Amsterdam", run.Output("Json").GetProperty("city").GetString());
        Assert.All(_server.ResponseRequests, r => Assert.Equal("json_schema", r.GetProperty("text").GetProperty("format").GetProperty("type").GetString()));
        var repair = _server.ResponseRequests[2].GetProperty("input").EnumerateArray().Last();
        Assert.Contains("the answer holds no JSON object or array", repair.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Run_Agent_final_answer_still_invalid_after_the_repairs_takes_Invalid_output()
    {
        _server.RespondInTurns(ResponseBodies.Completed("no JSON here"));
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        var inputs = AgentWorkflow.Inputs("Weather?");
        inputs["outputSchema"] = OneActivityDefinition.Literal("Object", """{"type":"object"}""");
        inputs["repairAttempts"] = OneActivityDefinition.Literal("Int32", "2");

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-structured-invalid", inputs));

        Assert.Equal(["Invalid output"], run.Outcomes);
        Assert.Equal(3, _server.ResponseRequests.Count);
        Assert.Equal(JsonValueKind.Null, run.Output("Json").ValueKind);
        Assert.Equal("invalid_output", run.Output("Error").GetProperty("Type").GetString());
        Assert.Equal("no JSON here", run.Output("Text").GetString());
    }

    private static JsonObject Inputs(string schema) => new()
    {
        ["model"] = OneActivityDefinition.Literal("String", ResponseBodies.Model),
        ["input"] = OneActivityDefinition.Literal("Object", "Grace is blocked."),
        ["outputSchema"] = OneActivityDefinition.Literal("Object", schema),
    };

    private static string OneActivityJson(string definitionId, string type, JsonObject inputs) =>
        OneActivityDefinition.Create(definitionId, definitionId, OneActivityDefinition.Activity(AgentWorkflow.ActivityId, "Call", type, inputs)).ToJsonString();
}
