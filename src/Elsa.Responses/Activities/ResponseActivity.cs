using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Structured;
using Elsa.Responses.Models;
using Elsa.Responses.UIHints;
using Elsa.Workflows;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;

namespace Elsa.Responses.Activities;

/// <summary>
/// What the activities that call <c>POST /v1/responses</c> share: the request inputs (the names in
/// <see cref="RequestInputNames"/>, read by one mapping) and the outputs of an answer. Create Response and Run Agent
/// derive from it, so the two cannot drift apart.
/// </summary>
public abstract class ResponseActivity : Activity
{
    /// <inheritdoc />
    protected ResponseActivity(string? source, int? line) : base(source, line)
    {
    }

    /// <summary>The model id.</summary>
    [Input(Description = "The model id, from the connection's model list.", Category = "Model", Order = 0,
        UIHint = InputUIHints.DropDown, UIHandler = typeof(ModelOptionsProvider))]
    public Input<string> Model { get; set; } = null!;

    /// <summary>The connection name.</summary>
    [Input(Description = "The server connection to use, as configured on the Elsa server.", Category = "Model", Order = 1,
        UIHint = InputUIHints.DropDown, UIHandler = typeof(ConnectionOptionsProvider))]
    public Input<string?> Connection { get; set; } = null!;

    /// <summary>A text prompt, or a JSON array of input items.</summary>
    [Input(Description = "A text prompt, or a JSON array of input items (messages, function_call_output, …).", Category = "Prompt", Order = 2,
        UIHint = InputUIHints.MultiLine)]
    public Input<object?> Input { get; set; } = null!;

    /// <summary>Instructions placed before the input.</summary>
    [Input(Description = "System instructions placed before the input.", Category = "Prompt", Order = 3, UIHint = InputUIHints.MultiLine)]
    public Input<string?> Instructions { get; set; } = null!;

    /// <summary>Sampling temperature.</summary>
    [Input(Description = "Sampling temperature, from 0 to 2.", Category = "Sampling", Order = 4)]
    public Input<double?> Temperature { get; set; } = null!;

    /// <summary>Nucleus sampling.</summary>
    [Input(Description = "Nucleus sampling probability mass, from 0 to 1.", Category = "Sampling", Order = 5)]
    public Input<double?> TopP { get; set; } = null!;

    /// <summary>The most tokens to generate.</summary>
    [Input(Description = "The most tokens to generate, 1 or more.", Category = "Sampling", Order = 6)]
    public Input<int?> MaxOutputTokens { get; set; } = null!;

    /// <summary>Stop sequences.</summary>
    [Input(Description = "Up to 4 sequences at which generation stops.", Category = "Sampling", Order = 7, UIHint = InputUIHints.MultiText)]
    public Input<ICollection<string>?> Stop { get; set; } = null!;

    /// <summary>Tools as a JSON array: each activity describes them in its own words.</summary>
    public abstract Input<object?> Tools { get; set; }

    /// <summary>auto, none, required, or a function name.</summary>
    [Input(Description = "auto, none, required, or the name of a function the model must call.", Category = "Tools", Order = 9)]
    public Input<string?> ToolChoice { get; set; } = null!;

    /// <summary>The request's <c>metadata</c> pairs. Named so because <see cref="Activity.Metadata"/> holds the designer's own data.</summary>
    [Input(DisplayName = "Metadata", Description = "Up to 16 key/value pairs stored with the response.", Category = "Advanced", Order = 10,
        UIHint = InputUIHints.Dictionary)]
    public Input<IDictionary<string, string>?> RequestMetadata { get; set; } = null!;

    /// <summary>End-user id.</summary>
    [Input(Description = "An id for the end user, for abuse monitoring.", Category = "Advanced", Order = 11)]
    public Input<string?> User { get; set; } = null!;

    /// <summary>Stream the response.</summary>
    [Input(Description = "Stream the response as server-sent events.", Category = "Advanced", Order = 12, UIHint = InputUIHints.Checkbox)]
    public Input<bool> Stream { get; set; } = null!;

    /// <summary>Ask for usage in the stream.</summary>
    [Input(Description = "Ask for token usage at the end of a stream (stream_options.include_usage).", Category = "Advanced", Order = 13,
        UIHint = InputUIHints.Checkbox)]
    public Input<bool> IncludeUsage { get; set; } = null!;

    /// <summary>Stream the answer to the HTTP request that started the workflow.</summary>
    [Input(DisplayName = "Relay to HTTP response", Description = "When the workflow runs inside an HTTP request (an HTTP Endpoint), stream the answer to its caller as OpenAI typed events (text/event-stream), as it arrives. Elsewhere this does nothing.",
        Category = "Advanced", Order = 14, UIHint = InputUIHints.Checkbox)]
    public Input<bool> RelayToHttpResponse { get; set; } = null!;

    /// <summary>The JSON Schema that pre-fills the designer's OutputSchema editor.</summary>
    internal const string ExampleSchema =
        """
        {
          "type": "object",
          "properties": {
            "answer": { "type": "string" }
          },
          "required": ["answer"],
          "additionalProperties": false
        }
        """;

    /// <summary>A JSON Schema the answer must match.</summary>
    // As Tools: the example is a template that Studio saves only once it is edited; the input starts as a null literal.
    [Input(DisplayName = "Output schema", Description = "A JSON Schema the answer must match (text.format json_schema). The example is a template: it is used only once you edit it. The answer is checked here too, and repaired.",
        Category = "Output", Order = 20, UIHint = InputUIHints.JsonEditor, DefaultValue = ExampleSchema)]
    public Input<object?> OutputSchema { get; set; } = new((object?)null);

    /// <summary>The schema's name.</summary>
    [Input(DisplayName = "Schema name", Description = "The schema's name sent to the server: letters, digits, _ and -. 'output' when empty.", Category = "Output", Order = 21)]
    public Input<string?> SchemaName { get; set; } = null!;

    /// <summary>Ask the server to follow the schema strictly.</summary>
    [Input(Description = "Ask the server to follow the schema strictly (text.format.strict).", Category = "Output", Order = 22,
        UIHint = InputUIHints.Checkbox, DefaultValue = true)]
    public Input<bool> Strict { get; set; } = new(true);

    /// <summary>Follow-up requests after an answer that fails the schema.</summary>
    [Input(DisplayName = "Repair attempts", Description = "How many times an answer that fails the schema is sent back with its errors, 0 or more.",
        Category = "Output", Order = 23, DefaultValue = StructuredOutput.DefaultRepairAttempts)]
    public Input<int> RepairAttempts { get; set; } = new(StructuredOutput.DefaultRepairAttempts);

    /// <summary>The output text.</summary>
    [Output(Description = "The generated text.")]
    public Output<string?> Text { get; set; } = null!;

    /// <summary>The reasoning text.</summary>
    [Output(Description = "The model's reasoning text or summary, when the server sends one.")]
    public Output<string?> Reasoning { get; set; } = null!;

    /// <summary>The function calls.</summary>
    [Output(Description = "The function calls the model asks for: CallId, Name and Arguments (JSON).")]
    public Output<ICollection<ToolCall>?> ToolCalls { get; set; } = null!;

    /// <summary>The model's refusal, or null.</summary>
    [Output(Description = "The model's refusal, when it declined to answer; the Text is then empty.")]
    public Output<string?> Refusal { get; set; } = null!;

    /// <summary>Token usage.</summary>
    [Output(Description = "Token usage: InputTokens, OutputTokens, TotalTokens, CachedTokens, ReasoningTokens.")]
    public Output<ResponseUsage?> Usage { get; set; } = null!;

    /// <summary>completed, incomplete or failed.</summary>
    [Output(Description = "The response status: completed, incomplete or failed.")]
    public Output<string?> Status { get; set; } = null!;

    /// <summary>The response id.</summary>
    [Output(Description = "The response id.")]
    public Output<string?> ResponseId { get; set; } = null!;

    /// <summary>Input items plus output items.</summary>
    [Output(Description = "The input items plus the response's output items (a JSON array), ready for function_call_output items and the next call.")]
    public Output<string?> Conversation { get; set; } = null!;

    /// <summary>The answer, parsed, when an Output schema was set and the answer matches it.</summary>
    [Output(Description = "The answer as a parsed JSON value, when an Output schema is set and the answer matches it; null otherwise. Read it by property in expressions.")]
    public Output<object?> Json { get; set; } = null!;

    /// <summary>The failure, or null.</summary>
    [Output(Description = "Why the activity failed; null on success.")]
    public Output<ResponseFailure?> Error { get; set; } = null!;
}
