using System.Globalization;
using System.Text;

namespace Elsa.Responses.Client.Agents;

/// <summary>
/// Makes function tool names from titles such as workflow names. The wire allows <c>^[a-zA-Z0-9_-]{1,64}$</c>; a name
/// is made from a title by dropping accents, lower-casing, and joining the remaining words with <c>_</c>
/// (<c>"Get weather"</c> → <c>get_weather</c>, <c>"Météo (EU)"</c> → <c>meteo_eu</c>). A title with nothing usable
/// becomes <c>tool</c>; a long one is cut to 64 characters at a word boundary. Names already taken get <c>_2</c>, <c>_3</c>, … so every name is unique.
/// </summary>
public static class FunctionToolNames
{
    /// <summary>The longest name the wire accepts.</summary>
    public const int MaxLength = 64;

    /// <summary>A valid name for <paramref name="title"/>, before any uniqueness suffix.</summary>
    public static string FromTitle(string? title)
    {
        var builder = new StringBuilder();
        var pendingSeparator = false;
        foreach (var c in (title ?? string.Empty).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-')
            {
                if (pendingSeparator && builder.Length > 0)
                    builder.Append('_');
                pendingSeparator = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSeparator = true;
            }
        }

        var name = builder.Length == 0 ? "tool" : builder.ToString();
        if (name.Length <= MaxLength)
            return name;

        // Cut at a word boundary when there is one, so no word is left half.
        var cut = name[MaxLength] == '_' ? MaxLength : name.LastIndexOf('_', MaxLength - 1);
        return cut > 0 ? name[..cut] : name[..MaxLength];
    }

    /// <summary>
    /// One unique name per title, in order, none equal (ignoring case) to a name in <paramref name="taken"/> or to
    /// each other.
    /// </summary>
    public static IReadOnlyList<string> Assign(IEnumerable<string?> titles, IEnumerable<string> taken)
    {
        var used = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var title in titles)
        {
            var baseName = FromTitle(title);
            var name = baseName;
            for (var n = 2; !used.Add(name); n++)
            {
                var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
                name = baseName[..Math.Min(baseName.Length, MaxLength - suffix.Length)] + suffix;
            }

            names.Add(name);
        }

        return names;
    }
}
