using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Responses.BrowserTests.Infrastructure;

namespace Elsa.Responses.BrowserTests;

/// <summary>The sample server's HTTP surface that the Studio relies on (no browser needed).</summary>
[Collection(StudioCollection.Name)]
public sealed class ServerApiTests(StudioFixture fixture)
{
    [Fact]
    public async Task The_workflows_API_needs_the_server_key()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Server.BaseUrl };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("elsa/api/workflow-definitions")).StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "elsa/api/workflow-definitions");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", "wrong-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrong)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fixture.Server.Api.GetAsync("workflow-definitions")).StatusCode);
    }

    [Fact]
    public async Task The_host_page_the_Studio_files_and_the_Studio_settings_are_served_without_any_key()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseUrl };

        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("elsa-workflow-definition-editor", html);
        Assert.Contains("elsa-workflow-instance-viewer", html);
        Assert.Contains("designer-assets/elsa-responses.css", html);

        var script = await http.GetAsync("_framework/blazor.webassembly.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("designer-assets/create-response.svg")).StatusCode);

        var settings = JsonNode.Parse(await http.GetStringAsync("appsettings.json"))!;
        Assert.Equal(new Uri(fixture.Server.BaseUrl, "elsa/api").ToString(), (string?)settings["Backend"]!["Url"]);
        var settingsText = settings.ToJsonString();
        Assert.DoesNotContain(StudioFixture.ServerApiKey, settingsText);
        Assert.DoesNotContain(StudioFixture.ConnectionApiKey, settingsText);
    }

    [Theory]
    [InlineData("workflows/definitions/responses-summarize/edit", "/#/workflows/responses-summarize")]
    [InlineData("workflows/instances/4799f221b523f087/view", "/#/instances/4799f221b523f087")]
    public async Task A_full_Studio_page_address_redirects_to_the_host_page_route(string address, string route)
    {
        // Studio's elements link to these pages (the instance viewer's Definition ID does); a new tab or a reload lands here.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseUrl };
        using var response = await http.GetAsync(address);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(route, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Studio_3_8_activity_execution_by_id_path_reaches_the_3_7_endpoint()
    {
        // A published definition with one Create Response, run through the API.
        var json = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "imported-create-response.json")))
            .Replace("browser-tests-imported", "browser-tests-executed");
        (await fixture.Server.Api.PostAsync("workflow-definitions/import", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await fixture.Server.Api.PostAsync("workflow-definitions/browser-tests-executed/publish", new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var instanceId = await fixture.Server.ExecuteDefinitionAsync("browser-tests-executed");

        var records = JsonNode.Parse(await fixture.Server.Api.GetStringAsync($"activity-executions/list?workflowInstanceId={instanceId}"))!["items"]!.AsArray();
        var record = records.First(r => (string?)r!["activityId"] == "imported-ask")!;
        var recordId = (string)record["id"]!;

        // What Studio 3.8.2's instance viewer asks for; 3.7.1 serves /activity-executions/{id}. The host rewrites it.
        using var byId = await fixture.Server.Api.GetAsync($"activity-executions/by-id?id={Uri.EscapeDataString(recordId)}");
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal(recordId, (string?)JsonNode.Parse(await byId.Content.ReadAsStringAsync())!["id"]);
    }
}
