using System.Text.RegularExpressions;
using Elsa.Responses.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Elsa.Responses.BrowserTests;

/// <summary>
/// A run of a sample workflow in the real Elsa Studio 3.8.2: the host page's Workflow instances list and the instance
/// viewer with its journal, on the real sample server with the Responses connection pointed at WireMock.
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class StudioInstanceTests(StudioFixture fixture, ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task A_finished_summarize_run_is_listed_as_Finished_and_its_journal_shows_each_step()
    {
        var callsBefore = fixture.Fake.ResponsesCalls.Count;
        var instanceId = await fixture.Server.ExecuteDefinitionAsync("responses-summarize");
        Assert.Equal(callsBefore + 1, fixture.Fake.ResponsesCalls.Count);
        output.WriteLine($"Instance {instanceId}");

        await fixture.RunAsync(async studio =>
        {
            var page = studio.Page;
            await studio.WaitForListAsync();
            await studio.HeaderLink("Workflow instances").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/instances$"));
            await studio.WaitForInstanceListAsync();
            await Assertions.Expect(studio.HeaderLink("Workflow instances")).ToHaveAttributeAsync("aria-current", "page");

            var row = studio.InstanceRow(instanceId);
            await Assertions.Expect(row).ToBeVisibleAsync();
            var cells = await StudioPage.ReadRowAsync(row);
            output.WriteLine(string.Join(Environment.NewLine, cells.Select(c => $"{c.Key}: {c.Value}")));
            Assert.Equal(instanceId, cells["ID"]);
            Assert.Equal("Responses: summarize", cells["Workflows"]);
            Assert.Equal("Finished", cells["Status"]);
            Assert.Equal("0", cells["Incidents"]);

            // A click on the row opens the viewer in this page.
            await row.ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/instances/{instanceId}$"));
            await Assertions.Expect(studio.JournalEntries).ToHaveTextAsync(
            [
                StudioPage.JournalEntry("Summarize", "Create Response - Started"),
                StudioPage.JournalEntry("Summarize", "Create Response - Completed"),
                StudioPage.JournalEntry("Write the summary", "Write Line - Started"),
                StudioPage.JournalEntry("Write the summary", "Write Line - Completed"),
            ], new() { Timeout = StudioPage.BootTimeoutMs });

            // The Create Response entry selects its activity: the Activity tab shows what ran.
            await studio.SelectJournalEntryAsync("Create Response - Completed", "Elsa.Responses.CreateResponse");
            var activity = await studio.ReadPanelSectionsAsync();
            output.WriteLine(activity.ToString());
            Assert.Equal("summarize-call", activity.Get("Activity", "ID"));
            Assert.Equal("Summarize", activity.Get("Activity", "Name"));
            Assert.Equal("Elsa.Responses.CreateResponse", activity.Get("Activity", "Type"));
            Assert.Equal("Completed", activity.Get("Activity", "Status"));
            Assert.Equal("[\"Done\"]", activity.Get("Outcomes", "Outcomes"));
            Assert.Equal(FakeResponsesApi.ReplyText, activity.Get("Output", "Text"));

            await studio.ScrollPanelToSectionAsync("Outcomes");
            await studio.ScreenshotAsync("studio-instance-viewer");
        }, width: 1400, height: 1000);
    }

    [ChromiumFact]
    public async Task The_viewer_opens_at_its_address_and_its_Definition_ID_link_opens_the_editor_in_this_page()
    {
        var instanceId = await fixture.Server.ExecuteDefinitionAsync("responses-summarize");

        await fixture.RunAsync(async studio =>
        {
            await Assertions.Expect(studio.JournalEntries.First).ToHaveTextAsync(StudioPage.JournalEntry("Summarize", "Create Response - Started"),
                new() { Timeout = StudioPage.BootTimeoutMs });

            // The link points at the full Studio app's page (workflows/definitions/{id}/edit), which the host page opens itself.
            await studio.Page.Locator("elsa-workflow-instance-viewer a", new() { HasTextRegex = StudioPage.Exact("responses-summarize") }).ClickAsync();
            await Assertions.Expect(studio.Page).ToHaveURLAsync(new Regex("/#/workflows/responses-summarize$"));
            await studio.WaitForEditorAsync();
            await Assertions.Expect(studio.CreateResponseNodes).ToHaveCountAsync(1);
        }, $"#/instances/{instanceId}", width: 1400);
    }

    // A journal entry: the activity's name, then its type and the event.
}
