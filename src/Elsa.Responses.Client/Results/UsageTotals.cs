using System.Text.Json;
using System.Text.Json.Serialization;

namespace Elsa.Responses.Client.Results;

/// <summary>
/// Running token totals, per model and overall: what an engine keeps per workflow instance so that operators can see
/// which run spent what, and so that a budget can be enforced. Serializable as JSON.
/// </summary>
public sealed class UsageTotals
{
    /// <summary>The totals per model id, in the order the models were first used.</summary>
    [JsonInclude]
    public Dictionary<string, ModelUsage> Models { get; internal set; } = new(StringComparer.Ordinal);

    /// <summary>Input tokens of every call.</summary>
    public long InputTokens => Models.Values.Sum(m => m.InputTokens);

    /// <summary>Output tokens of every call.</summary>
    public long OutputTokens => Models.Values.Sum(m => m.OutputTokens);

    /// <summary>Total tokens of every call.</summary>
    public long TotalTokens => Models.Values.Sum(m => m.TotalTokens);

    /// <summary>Calls made, with or without reported usage.</summary>
    public long Calls => Models.Values.Sum(m => m.Calls);

    /// <summary>
    /// Adds <paramref name="calls"/> calls of <paramref name="model"/> (an answer and its repairs) and their summed
    /// <paramref name="usage"/>, which may be null (a server that reported none).
    /// </summary>
    public void Add(string? model, ResponseUsage? usage, int calls = 1)
    {
        var key = string.IsNullOrEmpty(model) ? "(unknown)" : model;
        var current = Models.GetValueOrDefault(key) ?? new ModelUsage(0, 0, 0, 0);
        Models[key] = new ModelUsage(
            current.InputTokens + (usage?.InputTokens ?? 0),
            current.OutputTokens + (usage?.OutputTokens ?? 0),
            current.TotalTokens + (usage?.TotalTokens ?? 0),
            current.Calls + calls);
    }

    /// <summary>The totals as JSON: <c>{"models":{"m":{"inputTokens":…,"outputTokens":…,"totalTokens":…,"calls":…}},"inputTokens":…,…}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, UsageJsonContext.Default.UsageTotals);

    /// <summary>Totals written by <see cref="ToJson"/>; empty totals for null or empty text.</summary>
    public static UsageTotals FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new UsageTotals() : JsonSerializer.Deserialize(json, UsageJsonContext.Default.UsageTotals) ?? new UsageTotals();
}

/// <summary>The totals of one model.</summary>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="TotalTokens">Total tokens.</param>
/// <param name="Calls">Calls made.</param>
public sealed record ModelUsage(long InputTokens, long OutputTokens, long TotalTokens, long Calls);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, IgnoreReadOnlyProperties = false)]
[JsonSerializable(typeof(UsageTotals))]
internal sealed partial class UsageJsonContext : JsonSerializerContext;
