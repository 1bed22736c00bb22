using System.Runtime.CompilerServices;
using Elsa.Extensions;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Validation;
using Elsa.Responses.Models;
using Elsa.Responses.Relay;
using Elsa.Workflows;
using Elsa.Workflows.Activities.Flowchart.Attributes;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using Microsoft.Extensions.Logging;

namespace Elsa.Responses.Activities;

/// <summary>
/// Calls <c>POST /v1/responses</c> on a server-configured connection and sets the text, reasoning, tool calls and
/// usage as outputs. Failures take the <c>Failed</c> outcome with whatever arrived before them; they never fault the workflow.
/// </summary>
[Activity("Elsa.Responses", "AI", "Generate text with an OpenAI-style /v1/responses endpoint (DigitalOcean serverless inference by default).",
    DisplayName = "Create Response", Kind = ActivityKind.Task)]
[FlowNode(CreateResponseOutcomes.Done, CreateResponseOutcomes.ToolCalls, CreateResponseOutcomes.Incomplete, CreateResponseOutcomes.InvalidOutput, CreateResponseOutcomes.Failed)]
public sealed class CreateResponse : ResponseActivity
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

    /// <summary>Tools as a JSON array.</summary>
    // The example pre-fills the designer's editor as a template. Studio saves it only once it is edited, and Elsa 3.7.1
    // applies a DefaultValue at run time only to an input that is null; this one starts as a null literal, so an activity
    // whose tools were never set (in the designer, in code, or in a JSON definition) sends none.
    [Input(Description = "Tools the model may call, as a JSON array. The example is a template: it is sent only once you edit it.",
        Category = "Tools", Order = 8,
        UIHint = InputUIHints.JsonEditor, DefaultValue = ExampleTools)]
    public override Input<object?> Tools { get; set; } = new((object?)null);

    /// <summary>The raw response JSON.</summary>
    [Output(Description = "The response object as the server sent it (JSON).")]
    public Output<string?> Response { get; set; } = null!;

    /// <inheritdoc />
    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        try
        {
            await CallAsync(context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            // Whatever escapes (a bug in reading an input, an expression's surprise) takes Failed: never a faulted workflow.
            await FailAsync(context, null, null, ResponseCall.Unexpected(exception));
        }
    }

    private async Task CallAsync(ActivityExecutionContext context)
    {
        var (request, repairAttempts, errors) = ActivityRequestReader.Read(this, context);
        LargeValueLogPersistence.Apply(context, request);
        var (connection, connectionFailure) = ResponseCall.Connect(context, Connection.GetOrDefault(context));
        connection?.ApplyDefaultModel(request);
        HttpResponseRelay.Open(context, RelayToHttpResponse.GetOrDefault(context), request.Model);
        errors = [.. errors, .. ResponseRequestValidator.Validate(request)];
        if (errors.Count > 0)
        {
            await FailAsync(context, request, null, ResponseCall.Invalid(errors));
            return;
        }

        if (connection is null)
        {
            await FailAsync(context, request, null, connectionFailure!);
            return;
        }

        var (result, failure) = await ResponseCall.SendAsync(context, connection, request, repairAttempts);
        if (failure is not null)
        {
            await FailAsync(context, request, result, failure);
            return;
        }

        await CompleteAsync(context, request, result!);
    }

    private async Task CompleteAsync(ActivityExecutionContext context, ResponseRequest request, ResponseResult result)
    {
        var outcome = CreateResponseOutcomes.For(result);
        if (outcome == CreateResponseOutcomes.Failed)
        {
            await FailAsync(context, request, result, ResponseCall.UnexpectedStatus(result));
            return;
        }

        if (outcome == CreateResponseOutcomes.InvalidOutput)
        {
            await FailAsync(context, request, result, ResponseCall.InvalidOutput(result), outcome);
            return;
        }

        // No Status in the journal: the Status output is in the same record. Elsa serializes each plain value of the
        // journal with new JsonSerializerOptions, so one string there costs about 27 KB of allocations per run.
        WriteOutputs(context, request, result, null);
        if (result.Attempts > 1)
            context.JournalData["Attempts"] = result.Attempts;
        if (result.IncompleteInferred)
            context.JournalData["IncompleteInferred"] = true;
        foreach (var warning in result.Warnings)
            context.AddExecutionLogEntry("Warning", warning);
        if (result.Warnings.Count > 0)
            context.JournalData["Warnings"] = result.Warnings.ToArray();
        if (HttpResponseRelay.Current(context) is { } relay)
            await relay.EndAsync(result.Status, result.Usage, null, result.IncompleteReason);
        await context.CompleteActivityWithOutcomesAsync(outcome);
    }

    private async Task FailAsync(ActivityExecutionContext context, ResponseRequest? request, ResponseResult? partial, ResponseFailure failure,
        string outcome = CreateResponseOutcomes.Failed)
    {
        context.GetRequiredService<ILogger<CreateResponse>>().LogWarning("Create Response failed: {Message}", failure.Message);
        context.AddExecutionLogEntry("Error", failure.Message);
        context.JournalData["Error"] = failure.Message;
        WriteOutputs(context, request, partial ?? new ResponseResult { Status = ResponseStatus.Failed }, failure);
        if (HttpResponseRelay.Current(context) is { } relay)
            await relay.EndAsync(ResponseStatus.Failed, partial?.Usage, failure);
        await context.CompleteActivityWithOutcomesAsync(outcome);
    }

    private void WriteOutputs(ActivityExecutionContext context, ResponseRequest? request, ResponseResult result, ResponseFailure? failure)
    {
        ActivityOutputWriter.Write(this, context, request, result, failure);
        context.Set(Response, result.Raw?.GetRawText(), nameof(Response));
    }
}
