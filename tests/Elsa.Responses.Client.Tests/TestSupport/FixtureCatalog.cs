using System.Text;
using System.Text.Json;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>
/// The shared fixtures as theory data. Streams are every <c>.sse</c> and every Vercel <c>.chunks.txt</c> (JSONL, wrapped
/// as <c>data:</c> events; files that concatenate several responses are split after each terminal event). JSON bodies
/// come from <c>inventory.json</c>.
/// </summary>
internal static class FixtureCatalog
{
    private static readonly string[] TerminalTypes = ["response.completed", "response.incomplete", "response.failed"];

    /// <summary>Responses-format stream segments: (file, segment index).</summary>
    public static TheoryData<string, int> ResponsesStreams() => StreamData(chat: false);

    /// <summary>Chat-completions chunk streams: (file, segment index).</summary>
    public static TheoryData<string, int> ChatStreams() => StreamData(chat: true);

    /// <summary>Non-streaming Responses bodies (status completed, incomplete, failed, queued, cancelled).</summary>
    public static TheoryData<string> ResponseBodies() => Inventory(e => e.Terminal.StartsWith("response:", StringComparison.Ordinal));

    /// <summary>HTTP error bodies.</summary>
    public static TheoryData<string> HttpErrorBodies() => Inventory(e => e.Terminal == "<http-error>");

    /// <summary>The SSE bytes of one segment of a stream fixture.</summary>
    public static byte[] StreamSegment(string file, int segment) => Segments(file)[segment];

    public static IReadOnlyList<byte[]> Segments(string file)
    {
        var path = FixtureLocation.PathOf(file);
        if (!file.EndsWith(".chunks.txt", StringComparison.Ordinal))
            return [File.ReadAllBytes(path)];

        var segments = new List<List<string>> { new() };
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8).Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            segments[^1].Add(line);
            if (TerminalTypes.Contains(TypeOf(line)))
                segments.Add([]);
        }

        return segments.Where(s => s.Count > 0).Select(SseText.FromJsonLines).ToArray();
    }

    /// <summary>True when the stream's payloads are chat-completion chunks rather than Responses events.</summary>
    public static bool IsChatStream(IReadOnlyList<SsePayload> payloads) => payloads.Any(p =>
    {
        try
        {
            using var document = JsonDocument.Parse(p.Data);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("choices", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    });

    private static TheoryData<string, int> StreamData(bool chat)
    {
        var data = new TheoryData<string, int>();
        if (FixtureLocation.Root is not { } root)
            return data;
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".sse", StringComparison.Ordinal) || f.EndsWith(".chunks.txt", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var segments = Segments(file);
            for (var i = 0; i < segments.Count; i++)
                if (IsChatStream(SseText.Payloads(segments[i])) == chat)
                    data.Add(file, i);
        }

        return data;
    }

    private static TheoryData<string> Inventory(Func<InventoryEntry, bool> predicate)
    {
        var data = new TheoryData<string>();
        if (FixtureLocation.Root is null)
            return data;
        using var document = JsonDocument.Parse(File.ReadAllBytes(FixtureLocation.PathOf("inventory.json")));
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var entry = new InventoryEntry(element.GetProperty("file").GetString()!, element.GetProperty("framing").GetString()!, element.GetProperty("terminal").GetString()!);
            if (entry.Framing == "json" && predicate(entry))
                data.Add(entry.File);
        }

        return data;
    }

    private static string? TypeOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record InventoryEntry(string File, string Framing, string Terminal);
}
