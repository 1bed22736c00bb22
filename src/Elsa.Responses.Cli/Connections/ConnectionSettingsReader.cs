using System.Globalization;

namespace Elsa.Responses.Cli.Connections;

// Puts the connection together: the base URL from --base-url or a connection file, the key and retries from the environment.
internal static class ConnectionSettingsReader
{
    public static ConnectionSettings Read(string? baseUrlFlag, string? connectionFile, Func<string, string?> environment, string? missingHint = null, bool allowInsecureHttp = false)
    {
        var errors = new List<string>();
        var baseUrlText = baseUrlFlag;
        if (connectionFile is not null)
        {
            try
            {
                // Read even when --base-url wins, so that a key left in the file is always reported.
                var fromFile = ConnectionFileReader.ReadBaseUrl(connectionFile);
                baseUrlText ??= fromFile;
            }
            catch (CliInputException exception)
            {
                errors.AddRange(exception.Messages);
            }
        }

        Uri? baseUrl = null;
        if (string.IsNullOrWhiteSpace(baseUrlText))
        {
            if (errors.Count == 0)
                errors.Add(connectionFile is null
                    ? "--base-url is required (or --connection-file)" + missingHint
                    : $"the {ConnectionFileReader.Flag} file '{connectionFile}' has no baseUrl; add one or give --base-url");
        }
        else if (!Uri.TryCreate(baseUrlText.Trim(), UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"the base URL '{baseUrlText}' must be an absolute http or https URL, such as https://inference.do-ai.run");
        }

        var maxRetries = ReadMaxRetries(environment(EnvironmentVariables.MaxRetries), errors);
        if (errors.Count > 0)
            throw new CliInputException(errors);

        var apiKey = environment(EnvironmentVariables.ApiKey);
        return new ConnectionSettings(baseUrl!, string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim(), maxRetries, allowInsecureHttp);
    }

    private static int? ReadMaxRetries(string? text, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 10)
            return value;
        errors.Add($"{EnvironmentVariables.MaxRetries} must be a whole number from 0 to 10");
        return null;
    }
}
