using System.Net.ServerSentEvents;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>Reads a fixture's events the way the client does, to drive <see cref="StreamAccumulator"/> directly.</summary>
internal static class FixtureEvents
{
    private static readonly string[] TerminalTypes = ["response.completed", "response.incomplete", "response.failed"];

    /// <summary>Recordings whose deltas legitimately do not add up to the final output, with the reason; everything else must.</summary>
    public static readonly IReadOnlyDictionary<string, string> DeltasNotAddingUp = new Dictionary<string, string>
    {
        // A resumed stream (GET …?starting_after=9): it starts at sequence_number 10, the earlier deltas went to the first connection.
        ["dotnet-extensions-meai/extracted/GetStreamingResponseAsync_BackgroundResponses_StreamResumption.Output.sse"] = "resumed",
        // Abridged by Vercel: sequence_number jumps from 5 to 49, most deltas were cut from the recording.
        ["vercel-ai/openai-responses/openai-phase.1.chunks.txt"] = "abridged",
        // Anonymized: the one delta reads "X" while output_text.done and the terminal output were rewritten to other text.
        ["vercel-ai/openai-responses/azure-gpt5-reasoning-multi-summary-with-encryption.chunks.txt"] = "anonymized",
    };

    /// <summary>
    /// Applies only the incremental events (no <c>*.done</c> event, no terminal event) and returns the result built from
    /// them: what the deltas alone add up to.
    /// </summary>
    public static ResponseResult FromDeltasOnly(byte[] bytes)
    {
        var accumulator = new StreamAccumulator();
        foreach (var item in SseParser.Create(new MemoryStream(bytes), StreamEventParser.Parse).Enumerate())
        {
            var parsed = item.Data;
            if (parsed.IsDone)
                break;
            if (parsed.Wire is null)
                continue;
            var type = parsed.Wire.Type ?? item.EventType;
            if (TerminalTypes.Contains(type))
                break;
            if (type.EndsWith(".done", StringComparison.Ordinal))
                continue;
            accumulator.Apply(parsed.Wire, item.EventType, []);
        }

        return accumulator.BuildFromState(ResponseStatus.Completed, null, null);
    }

    /// <summary>The <c>type</c> of every event before the first terminal one, as the test reads them.</summary>
    public static IReadOnlyList<string> TypesBeforeTerminal(IReadOnlyList<SsePayload> payloads)
    {
        var types = new List<string>();
        foreach (var payload in payloads)
        {
            var type = TypeOf(payload);
            if (type is null)
                continue;
            if (TerminalTypes.Contains(type))
                break;
            types.Add(type);
        }

        return types;
    }

    private static string? TypeOf(SsePayload payload)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(payload.Data);
            return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() : payload.EventName;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
