namespace Elsa.Responses.Client;

/// <summary>
/// One connection to a Responses server. Named options: each connection name has its own values, bound from
/// configuration (for example <c>Responses:Connections:digitalocean</c>) or set in code.
/// </summary>
public sealed class ResponsesClientOptions
{
    /// <summary>The retried HTTP statuses when <see cref="RetryStatusCodes"/> is not set: 408, 429, 500, 502, 503 and 504.</summary>
    public static readonly IReadOnlyList<int> DefaultRetryStatusCodes = [408, 429, 500, 502, 503, 504];

    /// <summary>
    /// The server's base URL, such as <c>https://inference.do-ai.run</c> for DigitalOcean. Required: a connection has no
    /// implicit server. <c>/v1/responses</c> is appended; a URL that already ends in <c>/v1</c> (as OpenAI's
    /// documentation writes it) gets <c>/responses</c> only.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Sent as <c>Authorization: Bearer …</c>; leave empty for local servers that need none. Never logged, and masked
    /// wherever a server echoes it (keys shorter than 8 characters are not masked).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Allows sending <see cref="ApiKey"/> over plain <c>http://</c> to a host that is not loopback.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>How long one attempt may wait for the response headers. Models can take minutes to start answering.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a whole call may take, retries and the streamed body included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries after the first attempt, for <see cref="RetryStatusCodes"/> and connection failures; 0 turns retries off.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// The HTTP statuses that are retried; null means <see cref="DefaultRetryStatusCodes"/>. Set it to leave out a status
    /// a server uses for requests that will never succeed (llama.cpp answers some of those with 500).
    /// </summary>
    public int[]? RetryStatusCodes { get; set; }

    /// <summary>The largest one server-sent event may be, in bytes (16 MB by default). A larger one fails the call, keeping what arrived.</summary>
    public int MaxEventBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// <c>gen_ai.provider.name</c> on this connection's spans and metrics: <c>openai</c> by default; for example
    /// <c>digitalocean</c>, <c>azure.ai.openai</c> or the name of a local server.
    /// </summary>
    public string ProviderName { get; set; } = "openai";

    /// <summary>
    /// Record the prompt, the instructions and the answer on the call's span (a <c>gen_ai.client.inference.operation.details</c>
    /// event). Off by default: they may hold personal data. The key is masked in them as everywhere.
    /// </summary>
    public bool CaptureMessageContent { get; set; }

    /// <summary>
    /// A budget of total tokens per workflow instance, for engines that keep one (the Elsa module does): a call that
    /// would start with the instance's total at or past it fails with <c>budget_exceeded</c>, and nothing is sent. Null for none.
    /// </summary>
    public long? MaxTokensPerWorkflowInstance { get; set; }

    /// <summary>
    /// The most requests this connection has open at once, across every workflow and activity of the process; null for
    /// no limit. Further calls wait in a queue of <see cref="QueueLimit"/> (within their <see cref="TotalTimeout"/>); a
    /// call that finds the queue full fails with <c>rate_limited_locally</c>, and nothing is sent. A retry waits its
    /// turn like any attempt. Per process: see docs/scaling.md for several nodes.
    /// </summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>
    /// The model the Elsa activities ask for when their Model input is empty (an OpenAI-style endpoint built from a
    /// workflow, say, whose caller names none). Null: the Model input is required.
    /// </summary>
    public string? DefaultModel { get; set; }

    /// <summary>Calls that may wait for one of the <see cref="MaxConcurrentRequests"/>; more are rejected. 1,000 by default.</summary>
    public int QueueLimit { get; set; } = 1000;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest the client waits before a retry, whatever <c>Retry-After</c> asks for.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    internal IReadOnlyCollection<int> RetriedStatusCodes => RetryStatusCodes ?? DefaultRetryStatusCodes;

    internal Uri Endpoint(string relative)
    {
        var baseUrl = BaseUrl ?? throw new InvalidOperationException("The connection has no BaseUrl.");
        var text = baseUrl.AbsoluteUri.TrimEnd('/');
        var prefix = text.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? text : text + "/v1";
        return new Uri(prefix + "/" + relative);
    }
}
