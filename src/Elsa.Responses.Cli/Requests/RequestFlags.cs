using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Cli.Requests;

// The request flags of test-request, as given. Each flag that is set replaces the field it names, whatever the request
// file or workflow definition said.
internal sealed record RequestFlags
{
    public const string OutputSchemaFlag = "--output-schema";

    public string? Model { get; init; }
    public string? Input { get; init; }
    public string? Instructions { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public int? MaxOutputTokens { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
    public string? ToolsFile { get; init; }
    public string? ToolChoice { get; init; }
    public IReadOnlyList<string> Metadata { get; init; } = [];
    public string? User { get; init; }
    public bool Stream { get; init; }
    public bool IncludeUsage { get; init; }
    public string? OutputSchemaFile { get; init; }
    public string? SchemaName { get; init; }

    /// <summary>Not a request field: how many times an answer that fails the schema is sent back.</summary>
    public int? RepairAttempts { get; init; }

    /// <summary>Whether the flag (such as <c>--top-p</c>) was given.</summary>
    public bool IsSet(string flag) => flag switch
    {
        "--model" => Model is not null,
        "--input" => Input is not null,
        "--instructions" => Instructions is not null,
        "--temperature" => Temperature is not null,
        "--top-p" => TopP is not null,
        "--max-output-tokens" => MaxOutputTokens is not null,
        "--stop" => Stop.Count > 0,
        "--tools" => ToolsFile is not null,
        "--tool-choice" => ToolChoice is not null,
        "--metadata" => Metadata.Count > 0,
        "--user" => User is not null,
        "--stream" => Stream,
        "--include-usage" => IncludeUsage,
        OutputSchemaFlag => OutputSchemaFile is not null,
        "--schema-name" => SchemaName is not null,
        "--repair-attempts" => RepairAttempts is not null,
        _ => false,
    };

    /// <summary>Writes the flags that are set over the request; every unusable value is reported.</summary>
    public IReadOnlyList<string> ApplyTo(ResponseRequest request)
    {
        var errors = new List<string>();
        if (Model is not null)
            request.Model = Model;
        if (Input is not null)
            request.Input = Parse(() => ResponseInput.Parse(Input), "--input", errors);
        if (Instructions is not null)
            request.Instructions = Instructions;
        if (Temperature is not null)
            request.Temperature = Temperature;
        if (TopP is not null)
            request.TopP = TopP;
        if (MaxOutputTokens is not null)
            request.MaxOutputTokens = MaxOutputTokens;
        if (Stop.Count > 0)
            request.Stop = Stop.ToList();
        if (ToolsFile is not null)
            request.Tools = Parse(() => ResponseTool.ParseArray(InputFiles.ReadText(ToolsFile, "--tools")), $"--tools file '{ToolsFile}'", errors);
        if (ToolChoice is not null)
            request.ToolChoice = Parse(() => Client.Requests.ToolChoice.Parse(ToolChoice), "--tool-choice", errors);
        if (Metadata.Count > 0)
            request.Metadata = ParseMetadata(errors);
        if (User is not null)
            request.User = User;
        if (Stream)
            request.Stream = true;
        if (IncludeUsage)
            request.IncludeUsage = true;
        if (OutputSchemaFile is not null || SchemaName is not null)
            ApplySchema(request, errors);
        return errors;
    }

    // The schema and its name replace those of the request file or activity; what the flags do not say (the name,
    // strict) is kept from there. The schema itself is checked by the client's validator, with the rest of the request.
    private void ApplySchema(ResponseRequest request, List<string> errors)
    {
        var current = request.TextFormat is { Type: TextFormatTypes.JsonSchema } format ? format : null;
        var schema = current?.Schema;
        if (OutputSchemaFile is not null)
        {
            try
            {
                using var document = InputFiles.ReadJson(OutputSchemaFile, OutputSchemaFlag);
                schema = document.RootElement.Clone();
            }
            catch (CliInputException exception)
            {
                errors.AddRange(exception.Messages);
                return;
            }
        }

        if (schema is null)
        {
            errors.Add($"--schema-name needs {OutputSchemaFlag}: there is no schema to name");
            return;
        }

        var name = SchemaName?.Trim() ?? current?.Name ?? RequestInputMapper.DefaultSchemaName;
        request.TextFormat = TextFormat.JsonSchema(name, schema.Value, current is null ? true : current.Strict, current?.Description);
    }

    private Dictionary<string, string> ParseMetadata(List<string> errors)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Metadata)
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                errors.Add($"--metadata '{pair}' must be key=value");
            else
                metadata[pair[..separator]] = pair[(separator + 1)..];
        }

        return metadata;
    }

    private static T? Parse<T>(Func<T> parse, string source, List<string> errors)
        where T : class
    {
        try
        {
            return parse();
        }
        catch (FormatException exception)
        {
            errors.Add($"{source}: {exception.Message}");
            return null;
        }
        catch (CliInputException exception)
        {
            errors.AddRange(exception.Messages);
            return null;
        }
    }
}
