using System.Text.Json;

namespace Elsa.Responses.Cli.Connections;

// Reads a connection file: {"baseUrl": "..."}. Other members are ignored, except a key, which must not be in a file.
internal static class ConnectionFileReader
{
    public const string Flag = "--connection-file";

    public static string? ReadBaseUrl(string path)
    {
        using var document = InputFiles.ReadJson(path, Flag);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new CliInputException($"the {Flag} file '{path}' must hold a JSON object such as {{\"baseUrl\": \"https://inference.do-ai.run\"}}");

        string? baseUrl = null;
        foreach (var property in root.EnumerateObject())
        {
            // The value is never echoed: it may be a real key.
            if (property.NameEquals("apiKey") || string.Equals(property.Name, "apiKey", StringComparison.OrdinalIgnoreCase))
                throw new CliInputException(
                    $"the {Flag} file '{path}' has an apiKey: remove it and put the key in {EnvironmentVariables.ApiKey}");
            if (string.Equals(property.Name, "baseUrl", StringComparison.OrdinalIgnoreCase))
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    throw new CliInputException($"the {Flag} file '{path}': baseUrl must be a string");
                baseUrl = property.Value.GetString();
            }
        }

        return baseUrl;
    }
}
