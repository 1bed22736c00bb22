using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Tests.TestSupport;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Agents;

/// <summary>
/// Issue 10: Run Agent's loop on real Elsa 3.7.1 against a loopback model server. Tool workflows are the published
/// samples/workflows/tools/get-weather.json (inputs: city; outputs: forecast, "Sunny and 21 °C in {city} today.") and
/// test definitions. Expectations follow the Responses protocol: a function_call item and a function_call_output with
/// the same call_id in the next request.
/// </summary>
public sealed class RunAgentLoopTests(ITestOutputHelper output) : IDisposable
{
    private const string Weather = "responses-tool-get-weather";

    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Two_turn_loop_sends_the_call_and_the_child_workflows_output_with_the_same_call_id()
    {
        _server.RespondInTurns(
            ResponseBodies.ToolCall("call_ams", "get_weather", """{"city":"Amsterdam"}"""),
            ResponseBodies.Completed("It is sunny in Amsterdam.", id: "resp_final"));
        var host = await StartAsync();

        var run = await AgentRunResult.RunAsync(host, AgentWorkflow.Json("agent-two-turns", AgentWorkflow.Inputs("Weather in Amsterdam?", Weather)));

        Assert.Equal(["Done"], run.Outcomes);
        Assert.Equal("It is sunny in Amsterdam.", run.Output("Text").GetString());
        Assert.Equal("resp_final", run.Output("ResponseId").GetString());
        Assert.Equal(2, run.Output("Iterations").GetInt32());
        // ToolCall usage is 80 + 20, Completed's 42 + 17.
        Assert.Equal(100 + 59, run.Output("Usage").GetProperty("TotalTokens").GetInt64());

        var requests = _server.ResponseRequests;
        Assert.Equal(2, requests.Count);
        var tool = Assert.Single(requests[0].GetProperty("tools").EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("get_weather", tool.GetProperty("name").GetString());
        Assert.Equal("Get the weather forecast for a city.", tool.GetProperty("description").GetString());

        var second = requests[1].GetProperty("input").EnumerateArray().ToList();
        Assert.Equal("user", second[0].GetProperty("role").GetString());
        var call = Assert.Single(second, i => i.GetProperty("type").GetString() == "function_call");
        Assert.Equal("call_ams", call.GetProperty("call_id").GetString());
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        var result = Assert.Single(second, i => i.GetProperty("type").GetString() == "function_call_output");
        Assert.Equal("call_ams", result.GetProperty("call_id").GetString());
        var forecast = JsonDocument.Parse(result.GetProperty("output").GetString()!).RootElement;
        Assert.Equal("Sunny and 21 °C in Amsterdam today.", forecast.GetProperty("forecast").GetString());
        Assert.True(second.IndexOf(call) < second.IndexOf(result), "The output follows its call.");

        var step = Assert.Single(run.Steps);
        Assert.Equal("call_ams", step.GetProperty("CallId").GetString());
        Assert.Equal("get_weather", step.GetProperty("ToolName").GetString());
        Assert.Equal("""{"city":"Amsterdam"}""", step.GetProperty("Arguments").GetString());
        Assert.Equal("Completed", step.GetProperty("Status").GetString());
        Assert.Equal(result.GetProperty("output").GetString(), step.GetProperty("Output").GetString());
        Assert.False(string.IsNullOrEmpty(step.GetProperty("WorkflowInstanceId").GetString()));
    }

    private async Task<ElsaTestHost> StartAsync(params string[] testTools)
    {
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        await host.ImportAsync(SamplePaths.Workflow("tools/get-weather.json"));
        foreach (var file in testTools)
            await host.ImportAsync(Path.Combine(AppContext.BaseDirectory, "Agents", "Definitions", file));
        return host;
    }
}
