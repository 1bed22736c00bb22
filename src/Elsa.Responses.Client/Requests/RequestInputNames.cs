namespace Elsa.Responses.Client.Requests;

/// <summary>
/// The names of the request inputs of the Create Response activity, as its descriptor and Studio show them. JSON
/// workflow definitions write them camelCased (<c>topP</c>, <c>requestMetadata</c>). The activity and the CLI's
/// <c>--definition</c> mode both read inputs by these names, so they cannot drift apart.
/// </summary>
public static class RequestInputNames
{
    /// <summary>The model id.</summary>
    public const string Model = "Model";

    /// <summary>A text prompt, or a JSON array of input items.</summary>
    public const string Input = "Input";

    /// <summary>System instructions.</summary>
    public const string Instructions = "Instructions";

    /// <summary>Sampling temperature.</summary>
    public const string Temperature = "Temperature";

    /// <summary>Nucleus sampling.</summary>
    public const string TopP = "TopP";

    /// <summary>The most tokens to generate.</summary>
    public const string MaxOutputTokens = "MaxOutputTokens";

    /// <summary>Stop sequences.</summary>
    public const string Stop = "Stop";

    /// <summary>Tools as a JSON array.</summary>
    public const string Tools = "Tools";

    /// <summary>auto, none, required, or a function name.</summary>
    public const string ToolChoice = "ToolChoice";

    /// <summary>The request's metadata pairs (the activity's <c>Metadata</c> name is taken by Elsa's own designer data).</summary>
    public const string RequestMetadata = "RequestMetadata";

    /// <summary>End-user id.</summary>
    public const string User = "User";

    /// <summary>Stream the response.</summary>
    public const string Stream = "Stream";

    /// <summary>Ask for usage at the end of a stream.</summary>
    public const string IncludeUsage = "IncludeUsage";

    /// <summary>A JSON Schema the answer must match (<c>text.format</c> json_schema).</summary>
    public const string OutputSchema = "OutputSchema";

    /// <summary>The schema's name (<c>text.format.name</c>); <c>output</c> when empty.</summary>
    public const string SchemaName = "SchemaName";

    /// <summary>Ask the server to follow the schema strictly (<c>text.format.strict</c>); true when unset.</summary>
    public const string Strict = "Strict";

    /// <summary>Follow-up requests after an answer that fails the schema: not a request field.</summary>
    public const string RepairAttempts = "RepairAttempts";

    /// <summary>Stream the answer to the HTTP request that started the workflow: not a request field, an Elsa activity's alone.</summary>
    public const string RelayToHttpResponse = "RelayToHttpResponse";

    /// <summary>The server connection: not a request field, chosen on the server side.</summary>
    public const string Connection = "Connection";

    /// <summary>Every input that maps to a request field, in the designer's order.</summary>
    public static IReadOnlyList<string> RequestFields { get; } =
        [Model, Input, Instructions, Temperature, TopP, MaxOutputTokens, Stop, Tools, ToolChoice, RequestMetadata, User, Stream, IncludeUsage, OutputSchema, SchemaName, Strict];

    /// <summary>Every input of Create Response: the request fields, the connection, the repairs and the relay.</summary>
    public static IReadOnlyList<string> ActivityInputs { get; } = [.. RequestFields, Connection, RepairAttempts, RelayToHttpResponse];

    /// <summary>The name as JSON workflow definitions write it: <c>TopP</c> → <c>topP</c>.</summary>
    public static string ToJsonName(string name) => string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
