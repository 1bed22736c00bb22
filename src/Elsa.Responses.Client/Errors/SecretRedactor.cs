using System.Text.Json;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Errors;

// Replaces the configured API key wherever a server echoes it back, before text reaches a message, a log or a result.
internal sealed class SecretRedactor(string? secret)
{
    public const string Mask = "***";

    public string Redact(string text) =>
        string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(text) ? text : text.Replace(secret, Mask, StringComparison.Ordinal);

    public ResponseError Redact(ResponseError error) =>
        error with { Message = Redact(error.Message), Param = error.Param is null ? null : Redact(error.Param) };

    // A failed call's partial result carries the server's error and response object as well as the text: mask them all.
    public ResponseResult Redact(ResponseResult result) => string.IsNullOrEmpty(secret) ? result : new ResponseResult
    {
        Id = result.Id,
        Model = result.Model,
        CreatedAt = result.CreatedAt,
        Status = result.Status,
        IncompleteReason = result.IncompleteReason,
        Error = result.Error is null ? null : Redact(result.Error),
        Text = Redact(result.Text),
        Reasoning = Redact(result.Reasoning),
        ToolCalls = result.ToolCalls,
        Usage = result.Usage,
        OutputItems = result.OutputItems.Select(Redact).ToArray(),
        Raw = result.Raw is { } raw ? Redact(raw) : null,
    };

    private JsonElement Redact(JsonElement json)
    {
        var text = json.GetRawText();
        if (!text.Contains(secret!, StringComparison.Ordinal))
            return json;
        using var document = JsonDocument.Parse(Redact(text));
        return document.RootElement.Clone();
    }
}
