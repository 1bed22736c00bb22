using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elsa.Responses.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Elsa.Responses.BrowserTests;

/// <summary>
/// The Run Agent activity in the real Elsa Studio 3.8.2 on the real sample server: its toolbox entry, node and Tool
/// workflows check list; a Test tab run and a finished run's journal, with WireMock playing a model that asks for
/// <c>get_weather</c> and then answers (see <see cref="FakeResponsesApi"/>).
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class StudioAgentTests(StudioFixture fixture, ITestOutputHelper output)
{
    private const string GetWeatherId = "responses-tool-get-weather";
    private const string Forecast = "Sunny and 21 °C in Amsterdam today.";

    [ChromiumFact]
    public Task Run_Agent_is_in_the_AI_toolbox_and_its_Tool_workflows_list_the_published_tool_workflows() => fixture.RunAsync(async studio =>
    {
        var definitionId = await studio.CreateWorkflowAsync(UniqueName("Agent toolbox"));
        await studio.ExpandToolboxCategoryAsync("AI");
        await DragRunAgentAsync(studio);
        await Assertions.Expect(studio.RunAgentNodes).ToHaveCountAsync(1);
        Assert.Contains("Run Agent", (await studio.ToolboxItemsOf("AI").AllInnerTextsAsync()).Select(i => i.Trim()));
        var node = studio.RunAgentNodes.First;
        await Assertions.Expect(node.Locator(".activity-type")).ToHaveTextAsync("Run Agent");
        Assert.Contains("run-agent.svg", await studio.IconBackgroundAsync(node));
        await fixture.Server.WaitUntilSavedAsync(definitionId, "\"Elsa.Responses.RunAgent\"");

        // The sample tool workflows were published after the server described its activities; Studio asks for fresh
        // descriptors when it loads them (GET /descriptors/activities?refresh=true), so the check list has them.
        await studio.SelectNodeAsync(node);
        await studio.EnlargeBottomPanelAsync(300);
        var items = studio.CheckListItems("Tool workflows");
        await Assertions.Expect(items.Filter(new() { HasTextRegex = StudioPage.Exact("Get weather") })).ToHaveCountAsync(1);
        await Assertions.Expect(items.Filter(new() { HasTextRegex = StudioPage.Exact("Approve refund") })).ToHaveCountAsync(1);
        var names = (await items.AllInnerTextsAsync()).Select(i => i.Trim()).ToList();
        output.WriteLine($"Tool workflows: {string.Join(", ", names)}");
        // Every published workflow is offered, the samples among them.
        Assert.Contains("Responses: summarize", names);

        // Ticking one stores its definition id.
        await CheckAsync(studio, "Get weather");
        await fixture.Server.WaitUntilSavedAsync(definitionId, GetWeatherId);
        await studio.InputEditor("Tool workflows").ScrollIntoViewIfNeededAsync();
        await studio.ScreenshotDesignerAsync("studio-run-agent-tool-workflows");
    }, height: 1000);

    [ChromiumFact]
    public Task A_Test_tab_run_of_Run_Agent_with_Get_weather_shows_Done_and_the_answer() => fixture.RunAsync(async studio =>
    {
        var definitionId = await studio.CreateWorkflowAsync(UniqueName("Agent run"));
        await studio.ExpandToolboxCategoryAsync("AI");
        await DragRunAgentAsync(studio);
        await studio.SelectNodeAsync(studio.RunAgentNodes.First);
        await studio.EnlargeBottomPanelAsync(300);

        await studio.OpenDropdownAsync("Model");
        await studio.ChooseOpenDropdownOptionAsync("wiremock-model-alpha");
        const string prompt = "What is the weather in Amsterdam today?";
        await studio.FillAsync("Input", prompt);
        await CheckAsync(studio, "Get weather");
        await fixture.Server.WaitUntilSavedAsync(definitionId, "wiremock-model-alpha", prompt, GetWeatherId);

        var callsBefore = fixture.Fake.ResponsesCalls.Count;
        var result = await studio.RunTestAsync();
        output.WriteLine(result.ToString());

        Assert.Equal("Completed", result.Get("Status", "Status"));
        Assert.Contains("Done", result.Get("Outcomes", "Outcomes"));
        Assert.Equal(FakeResponsesApi.AgentReplyText, result.Get("Output", "Text"));
        Assert.Equal("2", result.Get("Output", "Iterations"));

        // Two model calls: the first offered get_weather, the second carried its output.
        var calls = fixture.Fake.ResponsesCalls.Skip(callsBefore).Select(c => JsonNode.Parse(c.RequestMessage!.Body!)!).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Contains(calls[0]["tools"]!.AsArray(), t => (string?)t!["name"] == "get_weather");
        var toolOutput = calls[1]["input"]!.AsArray().Single(i => (string?)i!["type"] == "function_call_output")!;
        Assert.Equal(FakeResponsesApi.AgentCallId, (string?)toolOutput["call_id"]);
        Assert.Contains(Forecast, (string?)toolOutput["output"]);

        await studio.ScrollToSectionAsync("Outcomes");
        await studio.ScreenshotDesignerAsync("studio-run-agent-test-run");
    }, height: 1000);

    [ChromiumFact]
    public async Task A_finished_agent_run_shows_its_model_calls_and_tool_run_in_the_journal_and_the_tool_run_in_the_list()
    {
        var callsBefore = fixture.Fake.ResponsesCalls.Count;
        var instanceId = await fixture.Server.ExecuteDefinitionAsync("responses-agent");
        Assert.Equal(callsBefore + 2, fixture.Fake.ResponsesCalls.Count);
        var childId = await ToolRunInstanceIdAsync(instanceId);
        output.WriteLine($"Agent instance {instanceId}, get_weather instance {childId}");

        await fixture.RunAsync(async studio =>
        {
            var page = studio.Page;
            await studio.WaitForListAsync();
            await studio.HeaderLink("Workflow instances").ClickAsync();
            await studio.WaitForInstanceListAsync();

            // The agent and the tool workflow it ran are both listed, both finished.
            var agentRow = studio.InstanceRow(instanceId);
            await Assertions.Expect(agentRow).ToBeVisibleAsync();
            var agent = await StudioPage.ReadRowAsync(agentRow);
            Assert.Equal("Responses: agent", agent["Workflows"]);
            Assert.Equal("Finished", agent["Status"]);
            var childRow = studio.InstanceRow(childId);
            await Assertions.Expect(childRow).ToBeVisibleAsync();
            var child = await StudioPage.ReadRowAsync(childRow);
            output.WriteLine(string.Join(Environment.NewLine, child.Select(c => $"{c.Key}: {c.Value}")));
            Assert.Equal("Get weather", child["Workflows"]);
            Assert.Equal("Finished", child["Status"]);

            await agentRow.ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/instances/{instanceId}$"));
            await Assertions.Expect(studio.JournalEntries).ToHaveTextAsync(
            [
                StudioPage.JournalEntry("Agent", "Run Agent - Started"),
                StudioPage.JournalEntry("Agent", "Run Agent - Model call"),
                StudioPage.JournalEntry("Agent", "Run Agent - Tool run"),
                StudioPage.JournalEntry("Agent", "Run Agent - Model call"),
                StudioPage.JournalEntry("Agent", "Run Agent - Completed"),
                StudioPage.JournalEntry("WriteAnswer", "Write Line - Started"),
                StudioPage.JournalEntry("WriteAnswer", "Write Line - Completed"),
            ], new() { Timeout = StudioPage.BootTimeoutMs });

            // The Completed entry selects the activity: its outputs are the answer and the steps.
            await studio.SelectJournalEntryAsync("Run Agent - Completed", "Elsa.Responses.RunAgent");
            var activity = await studio.ReadPanelSectionsAsync();
            output.WriteLine(activity.ToString());
            Assert.Equal("Elsa.Responses.RunAgent", activity.Get("Activity", "Type"));
            Assert.Equal("[\"Done\"]", activity.Get("Outcomes", "Outcomes"));
            Assert.Equal(FakeResponsesApi.AgentReplyText, activity.Get("Output", "Text"));
            Assert.Equal("2", activity.Get("Output", "Iterations"));
            Assert.Contains(childId, activity.Get("Output", "Steps"));

            await studio.ScreenshotAsync("studio-agent-journal");
        }, width: 1400, height: 1000);
    }

    // The workflow instance id in the agent's "Tool run" journal entry.
    private async Task<string> ToolRunInstanceIdAsync(string instanceId)
    {
        string? childId = null;
        await Poll.UntilAsync(async () =>
        {
            var journal = JsonNode.Parse(await fixture.Server.Api.GetStringAsync($"workflow-instances/{instanceId}/journal"))!;
            var toolRun = journal["items"]!.AsArray().FirstOrDefault(r => (string?)r!["eventName"] == "Tool run");
            var payload = toolRun?["payload"]?.AsObject();
            childId = payload?.FirstOrDefault(p => p.Key.Equals("WorkflowInstanceId", StringComparison.OrdinalIgnoreCase)).Value?.ToString();
            return !string.IsNullOrEmpty(childId);
        }, $"the Tool run entry of instance {instanceId}");
        return childId!;
    }

    private static async Task DragRunAgentAsync(StudioPage studio)
    {
        await studio.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await studio.DragToCanvasAsync(studio.ToolboxItem("Run Agent"));
    }

    private static async Task CheckAsync(StudioPage studio, string item)
    {
        studio.Log.Add("test", $"tick {item}");
        var checkbox = studio.CheckListItems("Tool workflows").Filter(new() { HasTextRegex = StudioPage.Exact(item) }).Locator("input[type=checkbox]");
        await checkbox.CheckAsync();
        await Assertions.Expect(checkbox).ToBeCheckedAsync();
    }

    // A journal entry: the activity's name, then its type and the event.

    private static string UniqueName(string label) => $"Browser test {label} {Guid.NewGuid().ToString("N")[..6]}";
}
