using System.CommandLine.Parsing;
using System.Globalization;

namespace Elsa.Responses.Cli.Commands;

// Parsers for number flags: invariant culture (0.7 everywhere) and a message that names the flag, not a .NET type.
internal static class FlagParsers
{
    public static Func<ArgumentResult, double?> Number(string flag) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        result.AddError($"{flag} must be a number, such as 0.7 (got '{text}')");
        return null;
    };

    public static Func<ArgumentResult, int?> WholeNumber(string flag) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        result.AddError($"{flag} must be a whole number, such as 256 (got '{text}')");
        return null;
    };

    public static Func<ArgumentResult, int?> Count(string flag) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
            return value;
        result.AddError($"{flag} must be a whole number of 0 or more, such as 1 (got '{text}')");
        return null;
    };
}
