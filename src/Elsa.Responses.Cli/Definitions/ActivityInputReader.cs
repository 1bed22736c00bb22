using System.Globalization;
using System.Text.Json;
using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Cli.Definitions;

// Maps a Create Response activity's literal inputs to a request the way the activity does at run time:
// empty text is unset, include_usage only counts with stream, input is parsed with ResponseInput.Parse.
internal static class ActivityInputReader
{
    // Each input and the flag that can replace it.
    private static readonly (string Input, string Flag)[] Inputs =
    [
        ("model", "--model"), ("input", "--input"), ("instructions", "--instructions"), ("temperature", "--temperature"),
        ("topP", "--top-p"), ("maxOutputTokens", "--max-output-tokens"), ("stop", "--stop"), ("tools", "--tools"),
        ("toolChoice", "--tool-choice"), ("requestMetadata", "--metadata"), ("metadata", "--metadata"), ("user", "--user"),
        ("stream", "--stream"), ("includeUsage", "--include-usage"),
    ];

    public static ActivityRequest Read(JsonElement activity, string activityId)
    {
        var errors = new List<string>();
        var expressions = new List<ExpressionInput>();
        var literals = new Dictionary<string, ActivityInput>(StringComparer.Ordinal);
        foreach (var (name, flag) in Inputs)
        {
            var input = ActivityInput.Read(activity, name);
            if (input.IsExpression)
                expressions.Add(new ExpressionInput(name, flag, input.ExpressionType!));
            else
                literals[name] = input;
        }

        string? Text(string name) => literals.TryGetValue(name, out var input) ? input.Text : null;
        void Fail(string name, string message) => errors.Add($"input '{name}' of activity '{activityId}': {message}");

        var request = new ResponseRequest
        {
            Model = Text("model"),
            Instructions = Text("instructions"),
            User = Text("user"),
            Temperature = Number(Text("temperature"), "temperature", Fail),
            TopP = Number(Text("topP"), "topP", Fail),
            Stop = Stop(Text("stop"), Fail),
            // The activity names it RequestMetadata, as Activity.Metadata holds the designer's data; "metadata" is read too.
            Metadata = Text("requestMetadata") is { } requestMetadata ? Metadata(requestMetadata, "requestMetadata", Fail) : Metadata(Text("metadata"), "metadata", Fail),
            Stream = Boolean(Text("stream"), "stream", Fail) ?? false,
        };
        request.IncludeUsage = request.Stream && Boolean(Text("includeUsage"), "includeUsage", Fail) == true ? true : null;

        if (Text("maxOutputTokens") is { } tokens)
        {
            if (int.TryParse(tokens, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                request.MaxOutputTokens = value;
            else
                Fail("maxOutputTokens", $"'{tokens}' is not a whole number");
        }

        request.Input = Parse(Text("input"), ResponseInput.Parse, "input", Fail);
        request.Tools = Parse(Text("tools"), ResponseTool.ParseArray, "tools", Fail);
        request.ToolChoice = Parse(Text("toolChoice"), ToolChoice.Parse, "toolChoice", Fail);

        // The connection is a name in the Elsa server's configuration; the CLI only reports it.
        var connection = ActivityInput.Read(activity, "connection").Text;
        return new ActivityRequest(activityId, request, connection, expressions, errors);
    }

    private static double? Number(string? text, string name, Action<string, string> fail)
    {
        if (text is null)
            return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return value;
        fail(name, $"'{text}' is not a number");
        return null;
    }

    private static bool? Boolean(string? text, string name, Action<string, string> fail)
    {
        if (text is null)
            return null;
        if (bool.TryParse(text.Trim(), out var value))
            return value;
        fail(name, $"'{text}' is not true or false");
        return null;
    }

    // Elsa stores a String[] literal as a JSON array in a string; a plain string is taken as one sequence.
    private static List<string>? Stop(string? text, Action<string, string> fail)
    {
        if (text is null)
            return null;
        if (!text.TrimStart().StartsWith('['))
            return [text];
        try
        {
            var stop = JsonSerializer.Deserialize(text, DefinitionJsonContext.Default.ListString);
            return stop is { Count: > 0 } ? stop : null;
        }
        catch (JsonException)
        {
            fail("stop", "must be a JSON array of strings");
            return null;
        }
    }

    private static Dictionary<string, string>? Metadata(string? text, string name, Action<string, string> fail)
    {
        if (text is null)
            return null;
        try
        {
            var metadata = JsonSerializer.Deserialize(text, DefinitionJsonContext.Default.DictionaryStringString);
            return metadata is { Count: > 0 } ? metadata : null;
        }
        catch (JsonException)
        {
            fail(name, "must be a JSON object of string values");
            return null;
        }
    }

    private static T? Parse<T>(string? text, Func<string, T> parse, string name, Action<string, string> fail)
        where T : class
    {
        if (text is null)
            return null;
        try
        {
            return parse(text);
        }
        catch (FormatException exception)
        {
            fail(name, exception.Message);
            return null;
        }
    }
}
