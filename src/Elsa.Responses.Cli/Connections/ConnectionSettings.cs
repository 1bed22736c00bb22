namespace Elsa.Responses.Cli.Connections;

// Where to send requests and how. A class, not a record: a record's generated ToString would print the key.
internal sealed class ConnectionSettings(Uri baseUrl, string? apiKey, int? maxRetryAttempts, bool allowInsecureHttp = false)
{
    public bool AllowInsecureHttp { get; } = allowInsecureHttp;

    public Uri BaseUrl { get; } = baseUrl;

    public string? ApiKey { get; } = apiKey;

    public int? MaxRetryAttempts { get; } = maxRetryAttempts;

    public override string ToString() => BaseUrl.ToString();
}
