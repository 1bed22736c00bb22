using Elsa.Responses.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Elsa.Responses.BrowserTests;

/// <summary>
/// Studio's Test tab against the real llama.cpp server (../shared/llama-server): the sample server's default connection
/// points at it, its model is named <c>tiny</c> and it always answers <c>Hi!</c>. Skipped when that server is absent.
/// </summary>
[Collection(RealServerCollection.Name)]
public sealed class RealServerTests(RealServerStudioFixture fixture, ITestOutputHelper output)
{
    [RealServerFact]
    public async Task The_Model_dropdown_lists_tiny_and_a_Test_tab_run_shows_Hi_and_Done()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "real-server-create-response.json"));
        var definitionId = await fixture.Server.ImportDefinitionAsync(json);

        await fixture.RunAsync(async studio =>
        {
            await studio.WaitForEditorAsync();
            await Assertions.Expect(studio.CreateResponseNodes).ToHaveCountAsync(1);
            await studio.SelectNodeAsync(studio.CreateResponseNodes.First);

            // The list comes from the server's GET /v1/models.
            await studio.OpenDropdownAsync("Model");
            await Assertions.Expect(studio.OpenDropdownOptions).ToHaveTextAsync([StudioPage.Blank(), StudioPage.Exact("tiny")]);
            await studio.ChooseOpenDropdownOptionAsync("tiny");
            const string prompt = "Say hello to the browser test.";
            await studio.FillAsync("Input", prompt);
            await fixture.Server.WaitUntilSavedAsync(definitionId, "\"tiny\"", prompt);

            var result = await studio.RunTestAsync();
            output.WriteLine(result.ToString());
            Assert.Equal("Completed", result.Get("Status", "Status"));
            Assert.Contains("Done", result.Get("Outcomes", "Outcomes"));
            Assert.Equal("Hi!", result.Get("Output", "Text"));
            Assert.Equal("completed", result.Get("Output", "Status"));
        }, $"#/workflows/{definitionId}", height: 1000);
    }
}
