using Elsa.Responses.Cli.Connections;
using Elsa.Responses.Cli.Definitions;
using Elsa.Responses.Cli.Requests;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Structured;
using Elsa.Responses.Client.Validation;

namespace Elsa.Responses.Cli.Commands;

// Where test-request's request comes from: a workflow definition's activity, a request file, or nothing; then the flags
// on top; then the client's validator. Every problem found is reported together, before anything is sent.
internal static class RequestAssembler
{
    public sealed record Sources(string? RequestFile, string? DefinitionFile, string? ActivityId, string? BaseUrl, string? ConnectionFile, bool AllowInsecureHttp = false);

    public sealed record Assembled(ResponseRequest Request, int RepairAttempts, ConnectionSettings Connection);

    public static Assembled Assemble(Sources sources, RequestFlags flags, Func<string, string?> environment)
    {
        if (sources.RequestFile is not null && sources.DefinitionFile is not null)
            throw new CliInputException("--request and --definition cannot be used together");
        if (sources.DefinitionFile is null && sources.ActivityId is not null)
            throw new CliInputException("--activity needs --definition");
        if (sources.DefinitionFile is not null && sources.ActivityId is null)
            throw new CliInputException("--definition needs --activity: the id of the Create Response activity to run");

        var errors = new List<string>();
        var activity = sources.DefinitionFile is null ? null : WorkflowDefinitionReader.Read(sources.DefinitionFile, sources.ActivityId!);
        var request = activity?.Request ?? (sources.RequestFile is null ? new ResponseRequest() : RequestFileReader.Read(sources.RequestFile));
        if (activity is not null)
            errors.AddRange(activity.Errors);
        errors.AddRange(flags.ApplyTo(request));

        foreach (var expression in activity?.Expressions.Where(e => e.Flag is null || !flags.IsSet(e.Flag)) ?? [])
            errors.Add($"input '{expression.InputName}' of activity '{activity!.ActivityId}' is a {expression.ExpressionType} expression, " +
                       "which needs an Elsa server to evaluate: run the workflow from Studio's Test tab, or " +
                       (expression.Flag is null ? "make it a literal in the definition" : $"give a literal value with {expression.Flag}"));

        // Validating a request that could not be read would only repeat the errors above.
        if (errors.Count == 0)
            errors.AddRange(ResponseRequestValidator.Validate(request).Select(e => FromSchemaFile(e, flags.OutputSchemaFile)));

        ConnectionSettings? connection = null;
        try
        {
            var hint = activity?.ConnectionName is { } name
                ? $"; the activity's connection '{name}' is configured on the Elsa server, so give its base URL here"
                : null;
            connection = ConnectionSettingsReader.Read(sources.BaseUrl, sources.ConnectionFile, environment, hint, sources.AllowInsecureHttp);
        }
        catch (CliInputException exception)
        {
            errors.AddRange(exception.Messages);
        }

        if (errors.Count > 0)
            throw new CliInputException(errors);
        return new Assembled(request, flags.RepairAttempts ?? activity?.RepairAttempts ?? StructuredOutput.DefaultRepairAttempts, connection!);
    }

    // The validator names the schema by its wire field; the person gave a file.
    private static string FromSchemaFile(string error, string? schemaFile)
    {
        const string SchemaField = "text.format.schema ";
        return schemaFile is not null && error.StartsWith(SchemaField, StringComparison.Ordinal)
            ? $"the {RequestFlags.OutputSchemaFlag} file '{schemaFile}' {error[SchemaField.Length..]}"
            : error;
    }
}
