using System.Text;
using System.Text.RegularExpressions;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>Patterns that find <see cref="FakeResponsesServer.ApiKey"/> in any encoding in text a run left behind.</summary>
public static class KeyForms
{
    private const string Key = FakeResponsesServer.ApiKey;

    /// <summary>True when <paramref name="text"/> holds the key in any of its forms.</summary>
    public static bool Found(string text) => All.Any(k => k.IsMatch(text));

    // The key as it may be written: each character as itself, JSON-escaped (\u0073) or URL-encoded (%73), in any mix and
    // either case of hex; and base64, at each byte alignment, by its characters that depend on the key's bytes alone.
    public static readonly Regex[] All =
    [
        new(string.Concat(Key.Select(c => $"(?:{Regex.Escape(c.ToString())}|\\\\u{(int)c:x4}|%{(int)c:x2})")), RegexOptions.IgnoreCase),
        .. Enumerable.Range(0, 3).Select(alignment => new Regex(Regex.Escape(Base64Core(alignment)))),
    ];

    private static string Base64Core(int alignment)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('\0', alignment) + Key));
        var keyBytes = Encoding.UTF8.GetByteCount(Key);
        var firstGroup = (alignment + 2) / 3;
        var lastGroup = (alignment + keyBytes) / 3 - 1;
        return encoded[(4 * firstGroup)..(4 * (lastGroup + 1))];
    }
}
