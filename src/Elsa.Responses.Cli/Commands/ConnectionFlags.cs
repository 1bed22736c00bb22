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

    public Option<bool> AllowInsecureHttp { get; } = new("--allow-insecure-http")
    {
        Description = "Allow sending the key over plain http to a host that is not loopback.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(BaseUrl);
        command.Options.Add(ConnectionFile);
        command.Options.Add(AllowInsecureHttp);
    }

    /// <summary>The connection the flags and the environment describe.</summary>
    public Connections.ConnectionSettings Read(ParseResult parse, Func<string, string?> environment, string? missingHint = null) =>
        Connections.ConnectionSettingsReader.Read(parse.GetValue(BaseUrl), parse.GetValue(ConnectionFile), environment, missingHint, parse.GetValue(AllowInsecureHttp));
}
