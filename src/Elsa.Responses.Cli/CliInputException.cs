namespace Elsa.Responses.Cli;

// Input the CLI cannot use: reported on stderr with exit code 2, and nothing is sent.
internal sealed class CliInputException(IReadOnlyList<string> messages) : Exception(string.Join("; ", messages))
{
    public CliInputException(string message)
        : this([message])
    {
    }

    public IReadOnlyList<string> Messages { get; } = messages;
}
