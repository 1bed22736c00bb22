namespace Elsa.Responses.Cli.Connections;

// The environment variables the CLI reads.
internal static class EnvironmentVariables
{
    /// <summary>The API key, sent as a Bearer token. The only place the key may come from: flags end up in shell history.</summary>
    public const string ApiKey = "ELSA_RESPONSES_API_KEY";

    /// <summary>Retries after the first attempt (0 to 10), overriding the client's default of 3.</summary>
    public const string MaxRetries = "ELSA_RESPONSES_MAX_RETRIES";
}
