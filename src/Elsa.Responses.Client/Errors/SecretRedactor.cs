namespace Elsa.Responses.Client.Errors;

// Replaces the configured API key wherever a server echoes it back, before text reaches a message, a log or a result.
internal sealed class SecretRedactor(string? secret)
{
    public const string Mask = "***";

    public string Redact(string text) =>
        string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(text) ? text : text.Replace(secret, Mask, StringComparison.Ordinal);
}
