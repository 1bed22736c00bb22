using System.Text;
using System.Text.RegularExpressions;

namespace Elsa.Responses.TestSupport;

/// <summary>
/// Patterns that find a key in any encoding in text a run left behind. No dependency on a test project: the browser
/// tests link this file too.
/// </summary>
public static class KeyPatterns
{
    /// <summary>True when <paramref name="text"/> holds <paramref name="key"/> in any of its forms.</summary>
    public static bool Found(string text, string key) => For(key).Any(k => k.IsMatch(text));

    // The key as it may be written: each character as itself, JSON-escaped (\u0073) or URL-encoded (%73), in any mix and
    // either case of hex; and base64, at each byte alignment, by its characters that depend on the key's bytes alone.
    public static Regex[] For(string key) =>
    [
        new(string.Concat(key.Select(c => $"(?:{Regex.Escape(c.ToString())}|\\\\u{(int)c:x4}|%{(int)c:x2})")), RegexOptions.IgnoreCase),
        .. Enumerable.Range(0, 3).Select(alignment => new Regex(Regex.Escape(Base64Core(key, alignment)))),
    ];

    private static string Base64Core(string key, int alignment)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('\0', alignment) + key));
        var keyBytes = Encoding.UTF8.GetByteCount(key);
        var firstGroup = (alignment + 2) / 3;
        var lastGroup = (alignment + keyBytes) / 3 - 1;
        return encoded[(4 * firstGroup)..(4 * (lastGroup + 1))];
    }
}
