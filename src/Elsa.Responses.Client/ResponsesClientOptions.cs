namespace Elsa.Responses.Client;

/// <summary>
/// One connection to a Responses server. Named options: each connection name has its own values, bound from
/// configuration (for example <c>Responses:Connections:digitalocean</c>) or set in code.
/// </summary>
public sealed class ResponsesClientOptions
{
    /// <summary>DigitalOcean serverless inference, the reference service.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://inference.do-ai.run");

    /// <summary>
    /// The server's base URL. <c>/v1/responses</c> is appended; a URL that already ends in <c>/v1</c> (as OpenAI's
    /// documentation writes it) gets <c>/responses</c> only.
    /// </summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Sent as <c>Authorization: Bearer …</c>; leave empty for local servers that need none. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one attempt may wait for the response headers. Models can take minutes to start answering.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a whole call may take, retries and the streamed body included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries after the first attempt, for 408, 429, 5xx and connection failures; 0 turns retries off.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest the client waits before a retry, whatever <c>Retry-After</c> asks for.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    internal Uri Endpoint(string relative)
    {
        var text = BaseUrl.AbsoluteUri.TrimEnd('/');
        var prefix = text.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? text : text + "/v1";
        return new Uri(prefix + "/" + relative);
    }
}
