using System.Text.Json;

namespace Elsa.Responses.Cli;

// Reads the files named by flags, turning every I/O or JSON failure into a message that names the flag and the file.
internal static class InputFiles
{
    public static string ReadText(string path, string flag)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliInputException($"cannot read the {flag} file '{path}': {exception.Message}");
        }
    }

    public static JsonDocument ReadJson(string path, string flag)
    {
        var text = ReadText(path, flag);
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException exception)
        {
            throw new CliInputException($"the {flag} file '{path}' is not valid JSON: {exception.Message}");
        }
    }
}
