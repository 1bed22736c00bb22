using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Responses.Load;

/// <summary>One workflow instance as <c>POST /elsa/api/workflow-instances</c> lists it.</summary>
public sealed record InstanceSummary(string Id, string Status, string SubStatus, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, int IncidentCount);

/// <summary>What the server's <c>/diagnostics/memory</c> returns.</summary>
public sealed record ServerMemory(long HeapAfterFullGcBytes, long WorkingSetBytes, long PeakWorkingSetBytes, int Gen2Collections);

/// <summary>The few calls of Elsa's workflows API (and the sample server's diagnostics) the tool makes.</summary>
public sealed class ElsaApi(HttpClient http)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Imports a workflow definition and publishes it (an import is stored as a draft); returns its definition id.</summary>
    public async Task<string> ImportAndPublishAsync(string json, CancellationToken ct)
    {
        using var imported = await http.PostAsync("elsa/api/workflow-definitions/import", new StringContent(json, Encoding.UTF8, "application/json"), ct);
        var body = await imported.Content.ReadAsStringAsync(ct);
        if (!imported.IsSuccessStatusCode)
            throw new InvalidOperationException($"Import answered {(int)imported.StatusCode}: {body}");
        var definitionId = (string)JsonNode.Parse(body)!["definitionId"]!;

        using var published = await http.PostAsync($"elsa/api/workflow-definitions/{Uri.EscapeDataString(definitionId)}/publish",
            new StringContent("{}", Encoding.UTF8, "application/json"), ct);
        if (!published.IsSuccessStatusCode)
            throw new InvalidOperationException($"Publish answered {(int)published.StatusCode}: {await published.Content.ReadAsStringAsync(ct)}");
        return definitionId;
    }

    /// <summary>Dispatches one instance of the published definition: the server queues it and answers at once.</summary>
    public async Task DispatchAsync(string definitionId, string correlationId, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"elsa/api/workflow-definitions/{Uri.EscapeDataString(definitionId)}/dispatch",
            new { correlationId }, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Dispatch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>How many instances of the correlation id have one of the statuses (all of them when none is given).</summary>
    public async Task<long> CountAsync(string correlationId, string[] statuses, CancellationToken ct)
    {
        var page = await ListPageAsync(correlationId, statuses, page: 0, pageSize: 1, ct);
        return (long)page["totalCount"]!;
    }

    /// <summary>Every instance of the correlation id.</summary>
    public async Task<List<InstanceSummary>> ListAsync(string correlationId, CancellationToken ct)
    {
        const int pageSize = 500;
        var all = new List<InstanceSummary>();
        for (var page = 0; ; page++)
        {
            var node = await ListPageAsync(correlationId, [], page, pageSize, ct);
            var items = node["items"]!.AsArray();
            all.AddRange(items.Select(item => item.Deserialize<InstanceSummary>(Web)!));
            if (items.Count < pageSize || all.Count >= (long)node["totalCount"]!)
                return all;
        }
    }

    /// <summary>The incident messages of one instance, for a diagnosis.</summary>
    public async Task<string[]> IncidentsAsync(string instanceId, CancellationToken ct)
    {
        var node = await http.GetFromJsonAsync<JsonNode>($"elsa/api/workflow-instances/{Uri.EscapeDataString(instanceId)}", ct);
        return node?["workflowState"]?["incidents"]?.AsArray().Select(i => $"{i?["activityId"]}: {i?["message"]}").ToArray() ?? [];
    }

    /// <summary>The server's managed heap after a full GC and its working set (needs <c>Diagnostics:Enabled</c>).</summary>
    public async Task<ServerMemory> MemoryAsync(CancellationToken ct) =>
        (await http.GetFromJsonAsync<ServerMemory>("diagnostics/memory", Web, ct))!;

    private async Task<JsonNode> ListPageAsync(string correlationId, string[] statuses, int page, int pageSize, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("elsa/api/workflow-instances",
            new { correlationId, statuses, page, pageSize }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Listing instances answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }
}
