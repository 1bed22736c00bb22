using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Responses.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace Elsa.Responses.BrowserTests;

/// <summary>The sample server's HTTP surface that the Studio relies on (no browser needed).</summary>
[Collection(StudioCollection.Name)]
public sealed class ServerApiTests(StudioFixture fixture, ITestOutputHelper output)
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

    [Fact]
    public async Task A_Create_Response_run_keeps_its_token_totals_in_the_instance_properties_and_traces_the_call()
    {
        var instanceId = await fixture.Server.ExecuteDefinitionAsync("responses-summarize");

        // What the README tells a reader to ask for: the instance, its workflowState.properties.
        var instance = await InstanceAsync(instanceId);
        Assert.Equal("Finished", (string?)instance["subStatus"]);
        var properties = instance["workflowState"]!["properties"]!;
        var usage = JsonNode.Parse((string)properties["Elsa.Responses:Usage"]!)!;
        output.WriteLine($"Elsa.Responses:Usage: {usage.ToJsonString()}");
        Assert.Equal(FakeResponsesApi.ReplyInputTokens, (int)usage["inputTokens"]!);
        Assert.Equal(FakeResponsesApi.ReplyOutputTokens, (int)usage["outputTokens"]!);
        Assert.Equal(FakeResponsesApi.ReplyInputTokens + FakeResponsesApi.ReplyOutputTokens, (int)usage["totalTokens"]!);
        Assert.Equal(1, (int)usage["calls"]!);
        var model = usage["models"]!["openai-gpt-oss-120b"]!;
        Assert.Equal(FakeResponsesApi.ReplyInputTokens, (int)model["inputTokens"]!);
        Assert.Equal(1, (int)model["calls"]!);

        // The console exporter (the server's default) printed the call's span; the connection's key is nowhere in the output.
        await Poll.UntilAsync(() => Task.FromResult(fixture.Server.Output.Contains("chat openai-gpt-oss-120b", StringComparison.Ordinal)),
            "the chat span on the server's console");
        Assert.Contains($"gen_ai.usage.input_tokens: {FakeResponsesApi.ReplyInputTokens}", fixture.Server.Output);
        Assert.DoesNotContain(StudioFixture.ConnectionApiKey, fixture.Server.Output);
    }

    [Theory]
    [InlineData(true, "approved")]
    [InlineData(false, "rejected")]
    public async Task The_README_approval_over_the_API_resumes_the_waiting_agent(bool approved, string decision)
    {
        // The README's steps as a person with curl takes them: full paths under elsa/api and the ApiKey header each time.
        using var refundTurn = fixture.Fake.AskForRefundApproval();
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var callsBefore = fixture.Fake.ResponsesCalls.Count;

        // 1. Run the agent sample (no body): the model asks for approve_refund, whose workflow waits, so the agent waits.
        using var started = await http.SendAsync(WithKey(HttpMethod.Post, "elsa/api/workflow-definitions/responses-agent/execute", fixture.Server.ApiKey));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var agentState = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["workflowState"]!;
        var agentId = (string)agentState["id"]!;
        Assert.Equal(agentId, started.Headers.GetValues("x-elsa-workflow-instance-id").Single());
        Assert.Equal("Running", (string?)agentState["status"]);
        Assert.Equal("Suspended", (string?)agentState["subStatus"]);
        Assert.Equal(callsBefore + 1, fixture.Fake.ResponsesCalls.Count);

        // 2. The waiting child: its id is in the agent's "Tool waiting" journal entry, and the list filtered to suspended
        //    Approve refund runs has it. It was given the model's arguments.
        var childId = await WaitingChildAsync(agentId);

        using var listed = await http.SendAsync(WithKey(HttpMethod.Get,
            "elsa/api/workflow-instances?definitionId=responses-tool-approve-refund&subStatus=Suspended", fixture.Server.ApiKey));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var waiting = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!["items"]!.AsArray();
        Assert.Contains(waiting, i => (string?)i!["id"] == childId);
        Assert.All(waiting, i => Assert.Equal("Suspended", (string?)i!["subStatus"]));

        var child = await InstanceAsync(childId);
        Assert.Equal("responses-tool-approve-refund", (string?)child["definitionId"]);
        Assert.Equal("Suspended", (string?)child["subStatus"]);
        var childInput = child["workflowState"]!["input"]!;
        Assert.Equal("1234", (string?)childInput["orderId"]);
        Assert.Equal(25m, (decimal)childInput["amount"]!);
        Assert.Equal("damaged", (string?)childInput["reason"]);

        // 3. The README's trigger request, word for word. With a wrong key it is refused and resumes nothing.
        var body = $$"""{"workflowInstanceId": "{{childId}}", "input": {"approved": {{(approved ? "true" : "false")}}}, "workflowExecutionMode": "Synchronous"}""";
        using (var refused = await http.SendAsync(WithKey(HttpMethod.Post, "elsa/api/events/refund-approval/trigger", "wrong-key", body)))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Suspended", (string?)(await InstanceAsync(childId))["subStatus"]);

        using var triggered = await http.SendAsync(WithKey(HttpMethod.Post, "elsa/api/events/refund-approval/trigger", fixture.Server.ApiKey, body));
        Assert.Equal(HttpStatusCode.OK, triggered.StatusCode);
        Assert.Equal(string.Empty, await triggered.Content.ReadAsStringAsync());

        // 4. The child finishes, the agent resumes, sends the decision to the model, ends Done and writes the model's answer
        //    (only the Done branch writes it; the others write "The agent stopped after …").
        await Poll.UntilAsync(async () => (string?)(await InstanceAsync(agentId))["status"] == "Finished", $"agent instance {agentId} to finish");
        Assert.Equal("Finished", (string?)(await InstanceAsync(agentId))["subStatus"]);
        Assert.Equal("Finished", (string?)(await InstanceAsync(childId))["subStatus"]);

        var calls = fixture.Fake.ResponsesCalls.Skip(callsBefore).Select(c => JsonNode.Parse(c.RequestMessage!.Body!)!).ToList();
        Assert.Equal(2, calls.Count);
        var toolOutput = calls[1]["input"]!.AsArray().Single(i => (string?)i!["type"] == "function_call_output")!;
        Assert.Equal(FakeResponsesApi.RefundCallId, (string?)toolOutput["call_id"]);
        var outputs = JsonNode.Parse((string)toolOutput["output"]!)!;
        output.WriteLine($"function_call_output: {outputs.ToJsonString()}");
        Assert.Equal(decision, (string?)outputs["decision"]);
        Assert.Equal($"The refund of 25 EUR for order 1234 was {decision}.", (string?)outputs["summary"]);

        var variables = JsonNode.Parse(await fixture.Server.Api.GetStringAsync($"workflow-instances/{agentId}/variables"))!["items"]!.AsArray();
        Assert.Equal(FakeResponsesApi.RefundReplyText, (string?)variables.Single(v => (string?)v!["name"] == "Answer")!["value"]);
        await Poll.UntilAsync(() => Task.FromResult(fixture.Server.Output.Contains(FakeResponsesApi.RefundReplyText, StringComparison.Ordinal)),
            "the agent's answer on the server's console");
    }

    [Fact]
    public async Task The_README_trigger_without_an_instance_id_answers_every_waiting_approval()
    {
        using var refundTurn = fixture.Fake.AskForRefundApproval();
        var agents = new[] { await fixture.Server.ExecuteDefinitionAsync("responses-agent"), await fixture.Server.ExecuteDefinitionAsync("responses-agent") };
        var children = new List<string>();
        foreach (var agentId in agents)
            children.Add(await WaitingChildAsync(agentId));

        using var triggered = await fixture.Server.Api.PostAsync("events/refund-approval/trigger", new StringContent(
            """{"input": {"approved": true}, "workflowExecutionMode": "Synchronous"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, triggered.StatusCode);

        foreach (var id in children.Concat(agents))
            await Poll.UntilAsync(async () => (string?)(await InstanceAsync(id))["subStatus"] == "Finished", $"instance {id} to finish");
    }

    // The Approve refund instance the agent waits for, from the agent's "Tool waiting" journal entry.
    private async Task<string> WaitingChildAsync(string agentId)
    {
        var journal = JsonNode.Parse(await fixture.Server.Api.GetStringAsync($"workflow-instances/{agentId}/journal"))!["items"]!.AsArray();
        var toolWaiting = journal.Single(r => (string?)r!["eventName"] == "Tool waiting")!;
        var childId = (string)toolWaiting["payload"]!["WorkflowInstanceId"]!;
        Assert.Equal($"approve_refund ({FakeResponsesApi.RefundCallId}) is waiting: workflow instance {childId}.", (string?)toolWaiting["message"]);
        return childId;
    }

    private static HttpRequestMessage WithKey(HttpMethod method, string path, string key, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        // As curl sends it: "Content-Type: application/json", no charset.
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return request;
    }

    private async Task<JsonNode> InstanceAsync(string instanceId) =>
        JsonNode.Parse(await fixture.Server.Api.GetStringAsync($"workflow-instances/{instanceId}"))!;
}
