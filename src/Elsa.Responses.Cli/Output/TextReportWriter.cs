using Elsa.Responses.Cli.Running;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Cli.Output;

// For people: the text on stdout as it streams (or at the end), then the tool calls and the usage; problems on stderr.
internal sealed class TextReportWriter(TextWriter output, TextWriter error) : IReportWriter
{
    private bool _streamedText;

    public void WriteDelta(string text)
    {
        if (text.Length == 0)
            return;
        output.Write(text);
        output.Flush();
        _streamedText = true;
    }

    public void WriteOutcome(RunOutcome outcome)
    {
        var result = outcome.Result;
        // A stream's text is already out; a server that ignored "stream" sent it all at the end.
        if (!_streamedText)
            output.Write(result.Text);
        if (_streamedText || result.Text.Length > 0)
            output.WriteLine();

        foreach (var call in result.ToolCalls)
            output.WriteLine($"tool call {call.CallId}: {call.Name} {call.Arguments}");
        if (result.Usage is { } usage)
            output.WriteLine($"usage: {usage.InputTokens} input + {usage.OutputTokens} output = {usage.TotalTokens} tokens");
        output.Flush();

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
            error.WriteLine($"incomplete: the response stopped early ({result.IncompleteReason ?? "no reason given"})");
        }
    }

    public void WriteInvalid(IReadOnlyList<string> messages) => WriteMessages(error, messages, "test-request");

    public static void WriteMessages(TextWriter error, IReadOnlyList<string> messages, string? command)
    {
        foreach (var message in messages)
            error.WriteLine($"error: {message}");
        error.WriteLine($"Nothing was sent. Run 'elsa-responses {(command is null ? "" : command + " ")}--help' for usage.");
    }
}
