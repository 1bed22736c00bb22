using System.Runtime.CompilerServices;
using Elsa.Extensions;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Validation;
using Elsa.Responses.Models;
using Elsa.Responses.Services;
using Elsa.Responses.UIHints;
using Elsa.Workflows;
using Elsa.Workflows.Activities.Flowchart.Attributes;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Activities;

/// <summary>
/// Calls <c>POST /v1/responses</c> on a server-configured connection and sets the text, reasoning, tool calls and
/// usage as outputs. Failures take the <c>Failed</c> outcome with whatever arrived before them; they never fault the workflow.
/// </summary>
[Activity("Elsa.Responses", "AI", "Generate text with an OpenAI-style /v1/responses endpoint (DigitalOcean serverless inference by default).",
    DisplayName = "Create Response", Kind = ActivityKind.Task)]
[FlowNode(CreateResponseOutcomes.Done, CreateResponseOutcomes.ToolCalls, CreateResponseOutcomes.Incomplete, CreateResponseOutcomes.Failed)]
public sealed class CreateResponse : Activity
{
    /// <summary>The function tool that pre-fills the designer's Tools editor.</summary>
    internal const string ExampleTools =
        """
        [
          {
            "type": "function",
            "name": "get_weather",
            "description": "Get the current weather for a city.",
            "parameters": {
              "type": "object",
              "properties": { "city": { "type": "string" } },
              "required": ["city"]
            }
          }
        ]
        """;

    /// <inheritdoc />
    public CreateResponse([CallerFilePath] string? source = null, [CallerLineNumber] int? line = null) : base(source, line)
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

    /// <summary>Tools as a JSON array.</summary>
    // The example pre-fills the designer's editor as a template. Studio saves it only once it is edited, and Elsa 3.7.1
    // applies a DefaultValue at run time only to an input that is null; this one starts as a null literal, so an activity
    // whose tools were never set (in the designer, in code, or in a JSON definition) sends none.
    [Input(Description = "Tools the model may call, as a JSON array. The example is a template: it is sent only once you edit it.",
        Category = "Tools", Order = 8,
        UIHint = InputUIHints.JsonEditor, DefaultValue = ExampleTools)]
    public Input<object?> Tools { get; set; } = new((object?)null);

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

    /// <summary>The raw response JSON.</summary>
    [Output(Description = "The response object as the server sent it (JSON).")]
    public Output<string?> Response { get; set; } = null!;

    /// <summary>Input items plus output items.</summary>
    [Output(Description = "The input items plus the response's output items (a JSON array), ready for function_call_output items and the next call.")]
    public Output<string?> Conversation { get; set; } = null!;

    /// <summary>The failure, or null.</summary>
    [Output(Description = "Why the activity failed; null on success.")]
    public Output<ResponseFailure?> Error { get; set; } = null!;

    /// <inheritdoc />
    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var (request, errors) = ActivityRequestReader.Read(this, context);
        ConversationLogPersistence.Apply(context, request);
        errors = [.. errors, .. ResponseRequestValidator.Validate(request)];
        if (errors.Count > 0)
        {
            await FailAsync(context, request, null, new ResponseFailure(null, "validation_error", null, string.Join("; ", errors)));
            return;
        }

        IResponsesClient client;
        try
        {
            var connectionName = ConnectionNameResolver.Resolve(context, Connection.GetOrDefault(context));
            client = context.GetRequiredService<IResponsesClientFactory>().CreateClient(connectionName);
        }
        catch (Exception exception) when (exception is ArgumentException or OptionsValidationException)
        {
            await FailAsync(context, request, null, new ResponseFailure(null, ErrorTypes.Configuration, null, exception.Message));
            return;
        }

        ResponseResult result;
        try
        {
            result = request.Stream
                ? await client.StreamAsync(request, context.CancellationToken).ToResultAsync(context.CancellationToken)
                : await client.CreateAsync(request, context.CancellationToken);
        }
        catch (ResponsesApiException exception)
        {
            var failure = new ResponseFailure(
                exception.StatusCode is { } status ? (int)status : null,
                exception.Error.Type, exception.Error.Code, exception.Message, exception.RequestId);
            await FailAsync(context, request, exception.Partial, failure);
            return;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            // The client reports its failures as ResponsesApiException; should anything else escape (a fake client, a
            // bug), it takes Failed too: a workflow is never faulted or left running by a call.
            var failure = new ResponseFailure(null, ErrorTypes.Unexpected, null, $"{exception.GetType().Name}: {exception.Message}");
            await FailAsync(context, request, null, failure);
            return;
        }

        await CompleteAsync(context, request, result);
    }

    private async Task CompleteAsync(ActivityExecutionContext context, ResponseRequest request, ResponseResult result)
    {
        var outcome = CreateResponseOutcomes.For(result);
        if (outcome == CreateResponseOutcomes.Failed)
        {
            await FailAsync(context, request, result, new ResponseFailure(null, "unexpected_status", null, $"The response ended with status '{result.Status}'."));
            return;
        }

        ActivityOutputWriter.Write(this, context, request, result, null);
        context.JournalData["Status"] = result.Status.Value;
        if (result.IncompleteInferred)
            context.JournalData["IncompleteInferred"] = true;
        foreach (var warning in result.Warnings)
            context.AddExecutionLogEntry("Warning", warning);
        if (result.Warnings.Count > 0)
            context.JournalData["Warnings"] = result.Warnings.ToArray();
        await context.CompleteActivityWithOutcomesAsync(outcome);
    }

    private async Task FailAsync(ActivityExecutionContext context, ResponseRequest? request, ResponseResult? partial, ResponseFailure failure)
    {
        context.GetRequiredService<ILogger<CreateResponse>>().LogWarning("Create Response failed: {Message}", failure.Message);
        context.AddExecutionLogEntry("Error", failure.Message);
        context.JournalData["Error"] = failure.Message;
        ActivityOutputWriter.Write(this, context, request, partial ?? new ResponseResult { Status = ResponseStatus.Failed }, failure);
        await context.CompleteActivityWithOutcomesAsync(CreateResponseOutcomes.Failed);
    }
}
