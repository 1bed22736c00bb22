using System.Text.RegularExpressions;
using Elsa.Responses.TestSupport;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>Patterns that find <see cref="FakeResponsesServer.ApiKey"/> in any encoding in text a run left behind.</summary>
public static class KeyForms
{
    /// <summary>True when <paramref name="text"/> holds the key in any of its forms.</summary>
    public static bool Found(string text) => All.Any(k => k.IsMatch(text));

    /// <summary>The patterns (<see cref="KeyPatterns"/>) of the fake server's key.</summary>
    public static readonly Regex[] All = KeyPatterns.For(FakeResponsesServer.ApiKey);
}
