using Elsa.Responses.Cli.Commands;

return await CliApplication.RunAsync(args, Console.Out, Console.Error);
