using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Elsa.Responses.Cli.Running;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Cli.Output;

// For people: the reasoning (when there is any) and then the text on stdout, as they stream or at the end; then the
// refusal, the tool calls and the usage; warnings and problems on stderr.
internal sealed class TextReportWriter(TextWriter output, TextWriter error) : IReportWriter
{
    private const string ReasoningLabel = "reasoning: ";
    private const string RefusalLabel = "refusal: ";

    private ResponseUpdateKind? _streaming;
    private bool _streamedReasoning;
    private bool _streamedText;
    private bool _streamedRefusal;

    public void WriteDelta(ResponseUpdate update)
    {
        if (update.Delta.Length == 0 || update.Kind is not (ResponseUpdateKind.TextDelta or ResponseUpdateKind.ReasoningDelta or ResponseUpdateKind.RefusalDelta))
            return;
        if (_streaming != update.Kind)
        {
            if (_streaming is not null)
                output.WriteLine();
            if (update.Kind == ResponseUpdateKind.ReasoningDelta)
                output.Write(ReasoningLabel);
            else if (update.Kind == ResponseUpdateKind.RefusalDelta)
                output.Write(RefusalLabel);
            _streaming = update.Kind;
        }

        output.Write(update.Delta);
        output.Flush();
        _streamedReasoning |= update.Kind == ResponseUpdateKind.ReasoningDelta;
        _streamedText |= update.Kind == ResponseUpdateKind.TextDelta;
        _streamedRefusal |= update.Kind == ResponseUpdateKind.RefusalDelta;
    }

    public void WriteRepair(ResponseResult failed, int attempt, int maxAttempts)
    {
        WriteAnswer(failed);
        output.Flush();
        WriteRepairMessages(error, failed, attempt, maxAttempts);
    }

    public void WriteOutcome(RunOutcome outcome)
    {
        var result = outcome.Result;
        WriteAnswer(result);
        // The JSON value read from an answer that wraps it (in a fenced block, after prose), as the workflow gets it.
        if (result.Json is { } json && json.GetRawText() != result.Text.Trim())
            output.WriteLine("json: " + Compact(json));

        foreach (var call in result.ToolCalls)
            output.WriteLine($"tool call {call.CallId}: {call.Name} {call.Arguments}");
        if (result.Usage is { } usage)
            output.WriteLine($"usage: {usage.InputTokens} input + {usage.OutputTokens} output = {usage.TotalTokens} tokens");
        output.Flush();

        foreach (var warning in result.Warnings)
            error.WriteLine($"warning: {warning}");
        if (outcome.Failure is { } failure)
        {
            error.WriteLine($"error: {failure.Message}");
            if (failure.RequestId is { } requestId)
                error.WriteLine($"request id: {requestId}");
        }
        else if (outcome.Error is { } unexpected)
        {
            error.WriteLine($"error: {unexpected.Error.Message}");
        }
        else if (result.Status == ResponseStatus.Incomplete)
        {
            var inferred = result.IncompleteInferred ? ", inferred: the server said completed but used every allowed output token" : string.Empty;
            error.WriteLine($"incomplete: the response stopped early ({result.IncompleteReason ?? "no reason given"}{inferred})");
        }

        WriteSchemaMessages(error, outcome);
    }

    // The reasoning, text and refusal of one answer, then a fresh start for the next. What a stream has already
    // printed is not printed again; a server that ignored "stream" sent it all at the end.
    private void WriteAnswer(ResponseResult result)
    {
        if (_streaming is not null)
            output.WriteLine();
        if (!_streamedReasoning && result.Reasoning.Length > 0)
            output.WriteLine(ReasoningLabel + result.Reasoning);
        if (!_streamedText && result.Text.Length > 0)
            output.WriteLine(result.Text);
        if (!_streamedRefusal && result.Refusal is { Length: > 0 } refusal)
            output.WriteLine(RefusalLabel + refusal);
        _streaming = null;
        _streamedReasoning = _streamedText = _streamedRefusal = false;
    }

    /// <summary>The failed answer's schema errors and the repair that follows, on stderr.</summary>
    public static void WriteRepairMessages(TextWriter error, ResponseResult failed, int attempt, int maxAttempts)
    {
        foreach (var schemaError in failed.SchemaErrors)
            error.WriteLine($"schema error: {schemaError}");
        error.WriteLine($"repair: sending the answer back with its errors (attempt {attempt} of {maxAttempts})");
    }

    /// <summary>How a completed answer fared against its schema, on stderr: its errors, or how many attempts it took.</summary>
    public static void WriteSchemaMessages(TextWriter error, RunOutcome outcome)
    {
        var result = outcome.Result;
        if (outcome.ExitCode == ExitCodes.SchemaInvalid)
        {
            foreach (var schemaError in result.SchemaErrors)
                error.WriteLine($"schema error: {schemaError}");
            error.WriteLine($"invalid: the answer does not match the schema after {Attempts(result.Attempts)}");
        }
        else if (outcome.ExitCode == ExitCodes.Completed && result.Json is not null && result.Attempts > 1)
        {
            error.WriteLine($"repaired: the answer matches the schema after {Attempts(result.Attempts)}");
        }
    }

    private static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";

    private static string Compact(JsonElement json)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            json.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void WriteInvalid(IReadOnlyList<string> messages) => WriteMessages(error, messages, "test-request");

    public static void WriteMessages(TextWriter error, IReadOnlyList<string> messages, string? command)
    {
        foreach (var message in messages)
            error.WriteLine($"error: {message}");
        error.WriteLine($"Nothing was sent. Run 'elsa-responses {(command is null ? "" : command + " ")}--help' for usage.");
    }
}
