using System.CommandLine;

namespace Elsa.Responses.Cli.Commands;

// --base-url and --connection-file, which every command that talks to a server takes.
internal sealed class ConnectionFlags
{
    public Option<string> BaseUrl { get; } = new("--base-url")
    {
        Description = "The server's base URL, such as https://inference.do-ai.run; /v1/... is appended. The key is read from ELSA_RESPONSES_API_KEY.",
        HelpName = "URL",
    };

    public Option<string> ConnectionFile { get; } = new("--connection-file")
    {
        Description = "A JSON file {\"baseUrl\": \"...\"} to read the base URL from. It must not hold the key.",
        HelpName = "FILE",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(BaseUrl);
        command.Options.Add(ConnectionFile);
    }
}
