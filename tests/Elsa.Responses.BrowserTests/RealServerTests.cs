using System.ClientModel;
using System.Net.Http.Headers;
using System.Text;
using Elsa.Responses.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using OpenAI.Responses;
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

    [RealServerFact]
    public async Task The_sample_endpoint_relays_llama_servers_stream_to_the_OpenAI_SDK()
    {
        // samples/workflows/responses-endpoint.json, with llama.cpp as the upstream: the SDK reads its deltas as typed events.
        var sdk = new ResponsesClient(new ApiKeyCredential(fixture.Server.ApiKey),
            new ResponsesClientOptions { Endpoint = new Uri(fixture.Server.BaseUrl, "workflows/v1"), NetworkTimeout = TimeSpan.FromSeconds(60) });
        var deltas = new List<string>();
        string? completedText = null;
        var options = new CreateResponseOptions("tiny", [ResponseItem.CreateUserMessageItem("Say hello.")]) { StreamingEnabled = true };
        await foreach (var update in await sdk.CreateResponseStreamingAsync(options))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
                deltas.Add(delta.Delta);
            else if (update is StreamingResponseCompletedUpdate completed)
                completedText = completed.Response.GetOutputText();
        }

        Assert.Equal("Hi!", string.Concat(deltas));
        Assert.Equal("Hi!", completedText);

        // The same call as plain HTTP, for the record (README's transcript).
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "workflows/v1/responses")
        {
            Content = new StringContent("""{"model":"tiny","input":"Say hello.","stream":true}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Server.ApiKey);
        using var response = await http.SendAsync(request);
        var transcript = await response.Content.ReadAsStringAsync();
        output.WriteLine(transcript);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("event: response.completed", transcript);
    }
}
