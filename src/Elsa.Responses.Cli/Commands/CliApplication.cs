using System.CommandLine;
using System.CommandLine.Invocation;
using Elsa.Responses.Cli.Output;

namespace Elsa.Responses.Cli.Commands;

// The elsa-responses command line: parsing, and the exit code 2 for a command line that does not parse.
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var testRequest = new TestRequestCommand(output, error, Environment.GetEnvironmentVariable);
        var models = new ModelsCommand(output, error, Environment.GetEnvironmentVariable);
        var root = new RootCommand("Test OpenAI-style /v1/responses servers the way the Elsa.Responses activity calls them. The API key is read from ELSA_RESPONSES_API_KEY.")
        {
            testRequest.Command,
            models.Command,
        };

        // No @response files: a prompt may well start with '@'.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            var messages = parse.Errors.Select(e => e.Message).ToList();
            if (testRequest.WantsJson(parse))
                testRequest.CreateWriter(json: true).WriteInvalid(messages);
            else
                TextReportWriter.WriteMessages(error, messages, parse.CommandResult.Command == root ? null : parse.CommandResult.Command.Name);
            return ExitCodes.InvalidInput;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }
}
