using System.CommandLine;
using Elsa.Responses.Cli.Connections;
using Elsa.Responses.Cli.Output;
using Elsa.Responses.Cli.Running;
using Elsa.Responses.Client.Errors;

namespace Elsa.Responses.Cli.Commands;

// models: lists the server's model ids (GET /v1/models), one per line.
internal sealed class ModelsCommand
{
    private readonly ConnectionFlags _connection = new();
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly Func<string, string?> _environment;

    public ModelsCommand(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        _output = output;
        _error = error;
        _environment = environment;
        Command = new Command("models", "List the model ids the server offers (GET /v1/models), one per line. Exit code 4 on failure.");
        _connection.AddTo(Command);
        Command.SetAction(ExecuteAsync);
    }

    public Command Command { get; }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            var connection = _connection.Read(parse, _environment);
            using var host = ClientHost.Create(connection);
            var models = await host.Client.ListModelsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var model in models)
                _output.WriteLine(model);
            _output.Flush();
            return ExitCodes.Completed;
        }
        catch (CliInputException exception)
        {
            TextReportWriter.WriteMessages(_error, exception.Messages, Command.Name);
            return ExitCodes.InvalidInput;
        }
        catch (ResponsesApiException exception)
        {
            _error.WriteLine($"error: {exception.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _error.WriteLine($"error: {UnexpectedFailure.From(exception, _environment).Message}");
            return ExitCodes.Failed;
        }
    }
}
