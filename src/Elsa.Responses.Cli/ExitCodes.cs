namespace Elsa.Responses.Cli;

// The process exit codes. Scripts depend on them: they are part of the CLI's contract.
internal static class ExitCodes
{
    /// <summary>The response completed.</summary>
    public const int Completed = 0;

    /// <summary>Bad flags, unreadable files or a request that fails validation; nothing was sent.</summary>
    public const int InvalidInput = 2;

    /// <summary>The response is incomplete (for example, max_output_tokens was reached).</summary>
    public const int Incomplete = 3;

    /// <summary>The API reported an error, or the transport failed.</summary>
    public const int Failed = 4;

    /// <summary>The answer is not the JSON its schema asks for, after every repair; it is still printed.</summary>
    public const int SchemaInvalid = 5;
}
