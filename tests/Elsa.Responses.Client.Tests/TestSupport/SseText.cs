using System.Text;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>One server-sent event as the test reads it: the <c>event:</c> name (if any) and the joined data.</summary>
internal sealed record SsePayload(string? EventName, string Data);

/// <summary>
/// The test's own small reading of SSE text, written from the spec so that expectations do not depend on the parser
/// under test, plus helpers to reframe transcripts (line endings, JSONL wrapping).
/// </summary>
internal static class SseText
{
    public static IReadOnlyList<SsePayload> Payloads(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n").Replace('\r', '\n');
        var payloads = new List<SsePayload>();
        string? eventName = null;
        var data = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                Dispatch();
                continue;
            }

            if (line[0] == ':')
                continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
                value = value[1..];
            if (field == "data")
                data.Add(value);
            else if (field == "event")
                eventName = value;
        }

        Dispatch();
        return payloads;

        void Dispatch()
        {
            if (data.Count > 0)
                payloads.Add(new SsePayload(eventName, string.Join('\n', data)));
            data.Clear();
            eventName = null;
        }
    }

    /// <summary>Wraps JSON lines as <c>data: &lt;line&gt;</c> events.</summary>
    public static byte[] FromJsonLines(IEnumerable<string> lines) =>
        Encoding.UTF8.GetBytes(string.Concat(lines.Select(line => "data: " + line + "\n\n")));

    /// <summary>Rewrites every line ending (LF or CRLF in the source) as <paramref name="ending"/>.</summary>
    public static byte[] WithLineEndings(byte[] bytes, string ending) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n").Replace("\n", ending));

    /// <summary>Names for the line-ending matrix, usable as theory data.</summary>
    public static string Ending(string name) => name switch
    {
        "LF" => "\n",
        "CR" => "\r",
        "CRLF" => "\r\n",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
