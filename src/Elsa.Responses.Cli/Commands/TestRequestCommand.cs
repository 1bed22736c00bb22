using System.CommandLine;
using Elsa.Responses.Cli.Connections;
using Elsa.Responses.Cli.Output;
using Elsa.Responses.Cli.Requests;
using Elsa.Responses.Cli.Running;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Structured;
using Elsa.Responses.Client.Validation;

namespace Elsa.Responses.Cli.Commands;

// test-request: sends one request, built from flags, a --request file or a workflow definition's activity, and prints the outcome.
internal sealed class TestRequestCommand
{
    private readonly ConnectionFlags _connection = new();
    private readonly Option<string> _model = new("--model") { Description = "The model id.", HelpName = "M" };
    private readonly Option<string> _input = new("--input") { Description = "The prompt; a JSON array is read as input items.", HelpName = "TEXT" };
    private readonly Option<string> _instructions = new("--instructions") { Description = "System instructions placed before the input.", HelpName = "T" };
    private readonly Option<double?> _temperature = new("--temperature")
        { Description = "Sampling temperature, from 0 to 2.", HelpName = "X", CustomParser = FlagParsers.Number("--temperature") };
    private readonly Option<double?> _topP = new("--top-p")
        { Description = "Nucleus sampling, from 0 to 1.", HelpName = "X", CustomParser = FlagParsers.Number("--top-p") };
    private readonly Option<int?> _maxOutputTokens = new("--max-output-tokens")
        { Description = "The most tokens to generate.", HelpName = "N", CustomParser = FlagParsers.WholeNumber("--max-output-tokens") };
    private readonly Option<string[]> _stop = new("--stop") { Description = "A stop sequence; repeat for up to 4.", HelpName = "S" };
    private readonly Option<string> _tools = new("--tools") { Description = "A JSON file holding the tools array.", HelpName = "FILE.json" };
    private readonly Option<string> _toolChoice = new("--tool-choice")
        { Description = "auto, none, required, a function name, or a JSON object.", HelpName = "C" };
    private readonly Option<string[]> _metadata = new("--metadata") { Description = "A metadata pair; repeat for more.", HelpName = "k=v" };
    private readonly Option<string> _user = new("--user") { Description = "An end-user id.", HelpName = "U" };
    private readonly Option<bool> _stream = new("--stream") { Description = "Stream the response, printing text as it arrives." };
    private readonly Option<bool> _includeUsage = new("--include-usage") { Description = "Ask for usage at the end of the stream (needs --stream)." };
    private readonly Option<string> _request = new("--request")
        { Description = "A JSON file with a whole request body (wire field names); flags override its fields.", HelpName = "FILE.json" };
    private readonly Option<string> _definition = new("--definition")
        { Description = "An Elsa 3 workflow definition (JSON) to take the request from; needs --activity.", HelpName = "FILE.json" };
    private readonly Option<string> _activity = new("--activity")
        { Description = "The id (or unique name) of the Create Response activity in --definition.", HelpName = "ID" };
    private readonly Option<string> _outputSchema = new(RequestFlags.OutputSchemaFlag)
    {
        Description = "A JSON Schema file: ask for JSON that matches it (text.format json_schema, strict), and check the answer. Exit code 5 if it still fails after the repairs.",
        HelpName = "FILE.json",
    };
    private readonly Option<string> _schemaName = new("--schema-name")
        { Description = $"The schema's name (text.format.name). Default: {RequestInputMapper.DefaultSchemaName}.", HelpName = "NAME" };
    private readonly Option<int?> _repairAttempts = new("--repair-attempts")
    {
        Description = $"How many times an answer that fails the schema is sent back with its errors. Default: {StructuredOutput.DefaultRepairAttempts}.",
        HelpName = "N",
        CustomParser = FlagParsers.Count("--repair-attempts"),
    };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object instead of text." };
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly Func<string, string?> _environment;

    public TestRequestCommand(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        _output = output;
        _error = error;
        _environment = environment;
        Command = new Command("test-request",
            "Send one request to POST /v1/responses and print the text, tool calls and usage. " +
            "Exit codes: 0 completed, 2 invalid input (nothing sent), 3 incomplete, 4 API or transport failure, " +
            "5 the answer does not match its JSON schema after the repairs.");
        _connection.AddTo(Command);
        Option[] options =
        [
            _model, _input, _instructions, _temperature, _topP, _maxOutputTokens, _stop, _tools, _toolChoice, _metadata, _user,
            _stream, _includeUsage, _outputSchema, _schemaName, _repairAttempts, _request, _definition, _activity, _json,
        ];
        foreach (var option in options)
            Command.Options.Add(option);
        Command.SetAction(ExecuteAsync);
    }

    public Command Command { get; }

    /// <summary>Whether --json was given, read leniently so that even a command line with errors gets its JSON object.</summary>
    public bool WantsJson(ParseResult parse)
    {
        try
        {
            return parse.CommandResult.Command == Command && parse.GetValue(_json);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public IReportWriter CreateWriter(bool json) => json ? new JsonReportWriter(_output, _error) : new TextReportWriter(_output, _error);

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var writer = CreateWriter(parse.GetValue(_json));
        try
        {
            var sources = new RequestAssembler.Sources(
                parse.GetValue(_request), parse.GetValue(_definition), parse.GetValue(_activity),
                parse.GetValue(_connection.BaseUrl), parse.GetValue(_connection.ConnectionFile), parse.GetValue(_connection.AllowInsecureHttp));
            var assembled = RequestAssembler.Assemble(sources, ReadFlags(parse), _environment);
            using var host = ClientHost.Create(assembled.Connection);
            RunOutcome outcome;
            try
            {
                outcome = await RequestRunner.RunAsync(host.Client, assembled.Request, assembled.RepairAttempts, writer, cancellationToken).ConfigureAwait(false);
            }
            catch (ResponseValidationException exception)
            {
                throw new CliInputException(exception.Errors);
            }

            writer.WriteOutcome(outcome);
            return outcome.ExitCode;
        }
        catch (CliInputException exception)
        {
            writer.WriteInvalid(exception.Messages);
            return ExitCodes.InvalidInput;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever else goes wrong is a failure like any other: exit 4, one JSON object under --json, no stack trace.
            var outcome = RunOutcome.Of(UnexpectedFailure.From(exception, _environment));
            writer.WriteOutcome(outcome);
            return outcome.ExitCode;
        }
    }

    private RequestFlags ReadFlags(ParseResult parse) => new()
    {
        Model = parse.GetValue(_model),
        Input = parse.GetValue(_input),
        Instructions = parse.GetValue(_instructions),
        Temperature = parse.GetValue(_temperature),
        TopP = parse.GetValue(_topP),
        MaxOutputTokens = parse.GetValue(_maxOutputTokens),
        Stop = parse.GetValue(_stop) ?? [],
        ToolsFile = parse.GetValue(_tools),
        ToolChoice = parse.GetValue(_toolChoice),
        Metadata = parse.GetValue(_metadata) ?? [],
        User = parse.GetValue(_user),
        Stream = parse.GetValue(_stream),
        IncludeUsage = parse.GetValue(_includeUsage),
        OutputSchemaFile = parse.GetValue(_outputSchema),
        SchemaName = parse.GetValue(_schemaName),
        RepairAttempts = parse.GetValue(_repairAttempts),
    };
}
