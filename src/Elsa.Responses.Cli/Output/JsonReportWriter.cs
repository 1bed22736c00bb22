using System.Text.Json;
using Elsa.Responses.Cli.Running;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Cli.Output;

// --json: exactly one JSON object on stdout, whatever happens; messages for people still go to stderr.
internal sealed class JsonReportWriter(TextWriter output, TextWriter error) : IReportWriter
{
    // Deltas are not printed: the object at the end carries the whole text.
    public void WriteDelta(ResponseUpdate update)
    {
    }

    public void WriteRepair(ResponseResult failed, int attempt, int maxAttempts) => TextReportWriter.WriteRepairMessages(error, failed, attempt, maxAttempts);

    public void WriteOutcome(RunOutcome outcome)
    {
        foreach (var warning in outcome.Result.Warnings)
            error.WriteLine($"warning: {warning}");
        TextReportWriter.WriteSchemaMessages(error, outcome);
        Write(CliReport.From(outcome));
    }

    public void WriteInvalid(IReadOnlyList<string> messages)
    {
        TextReportWriter.WriteMessages(error, messages, "test-request");
        Write(CliReport.Invalid(messages));
    }

    private void Write(CliReport report)
    {
        output.WriteLine(JsonSerializer.Serialize(report, CliJson.Report));
        output.Flush();
    }
}
