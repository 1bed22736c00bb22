using System.Text.Json;
using Elsa.Responses.Cli.Running;

namespace Elsa.Responses.Cli.Output;

// The one JSON object that --json prints. Its keys (snake_case, in this order) are the CLI's contract: add keys only
// at the end of a release's changes, and never rename one.
internal sealed record CliReport(
    string? Status,
    string Text,
    string Reasoning,
    string? Refusal,
    IReadOnlyList<CliToolCall> ToolCalls,
    CliUsage? Usage,
    string? ResponseId,
    bool IncompleteInferred,
    IReadOnlyList<string> Warnings,
    CliError? Error,
    JsonElement? Json,
    int Attempts,
    IReadOnlyList<CliSchemaError> SchemaErrors)
{
    public static CliReport From(RunOutcome outcome)
    {
        var result = outcome.Result;
        return new CliReport(
            result.Status.Value,
            result.Text,
            result.Reasoning,
            result.Refusal,
            result.ToolCalls.Select(c => new CliToolCall(c.CallId, c.Name, c.Arguments)).ToList(),
            result.Usage is { } usage ? new CliUsage(usage.InputTokens, usage.OutputTokens, usage.TotalTokens) : null,
            result.Id,
            result.IncompleteInferred,
            result.Warnings,
            outcome.Error is { } error ? new CliError(error.HttpStatus, error.Error.Type, error.Error.Code, error.Error.Message) : null,
            result.Json,
            result.Attempts,
            result.SchemaErrors.Select(e => new CliSchemaError(e.Path, e.Message)).ToList());
    }

    // Nothing was sent, so there is no response: only the error.
    public static CliReport Invalid(IReadOnlyList<string> messages) =>
        new(null, string.Empty, string.Empty, null, [], null, null, false, [], new CliError(null, "invalid_input", null, string.Join("; ", messages.Select(m => m.TrimEnd('.')))),
            null, 0, []);
}

internal sealed record CliToolCall(string CallId, string Name, string Arguments);

internal sealed record CliUsage(long InputTokens, long OutputTokens, long TotalTokens);

// Path is a JSON Pointer into the answer, "" for the whole of it.
internal sealed record CliSchemaError(string Path, string Message);

// Status is the HTTP status, or null when the failure came without one (in the stream, or before any answer).
internal sealed record CliError(int? Status, string? Type, string? Code, string Message);
