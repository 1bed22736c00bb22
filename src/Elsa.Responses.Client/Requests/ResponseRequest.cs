using System.Text.Json.Nodes;

namespace Elsa.Responses.Client.Requests;

/// <summary>
/// A request to <c>POST /v1/responses</c>. Every property maps to one documented wire field; unset properties are
/// omitted from the body. Call <see cref="Validation.ResponseRequestValidator.Validate"/> (the client does it for you)
/// to get every rule violation before anything is sent.
/// </summary>
public sealed class ResponseRequest
{
    /// <summary><c>model</c>: the model id. Required.</summary>
    public string? Model { get; set; }

    /// <summary><c>input</c>: a plain text prompt or a list of input items. Required.</summary>
    public ResponseInput? Input { get; set; }

    /// <summary><c>instructions</c>: a system (or developer) message placed before the input.</summary>
    public string? Instructions { get; set; }

    /// <summary><c>stream</c>: ask the server for server-sent events.</summary>
    public bool Stream { get; set; }

    /// <summary>
    /// <c>stream_options.include_usage</c>. DigitalOcean documents it; OpenAI's spec does not, so it is sent only when set
    /// and only together with <see cref="Stream"/>.
    /// </summary>
    public bool? IncludeUsage { get; set; }

    /// <summary><c>stop</c>: up to four sequences; one is sent as a string, several as an array.</summary>
    public IList<string>? Stop { get; set; }

    /// <summary><c>temperature</c>, from 0 to 2.</summary>
    public double? Temperature { get; set; }

    /// <summary><c>top_p</c>, from 0 to 1.</summary>
    public double? TopP { get; set; }

    /// <summary><c>max_output_tokens</c>, 1 or more.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary><c>tools</c>: function tools, or tools of other types passed through as raw JSON.</summary>
    public IList<ResponseTool>? Tools { get; set; }

    /// <summary><c>tool_choice</c>: <c>auto</c>, <c>none</c>, <c>required</c> or a named function.</summary>
    public ToolChoice? ToolChoice { get; set; }

    /// <summary><c>metadata</c>: up to 16 string pairs stored with the response.</summary>
    public IDictionary<string, string>? Metadata { get; set; }

    /// <summary><c>user</c>: an end-user id for abuse monitoring.</summary>
    public string? User { get; set; }

    /// <summary><c>text.format</c>: plain text, any JSON object, or JSON that matches a schema.</summary>
    public TextFormat? TextFormat { get; set; }

    /// <summary>
    /// Fields beyond the typed ones, merged into the top level of the body: for example <c>text.verbosity</c>,
    /// <c>reasoning</c> or <c>parallel_tool_calls</c>. A key that names a typed field is a validation error.
    /// </summary>
    public JsonObject? AdditionalProperties { get; set; }

    // A shallow copy, so that the client can set Stream without touching the caller's request.
    internal ResponseRequest Clone() => (ResponseRequest)MemberwiseClone();
}
