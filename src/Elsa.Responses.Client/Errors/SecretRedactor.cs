using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Client.Errors;

// The client's one redaction point: everything that leaves ResponsesClient (results, updates, exceptions) passes through
// here. It masks the configured API key wherever a server echoed it: as is, JSON-escaped (\u0073…), URL-encoded (%73…),
// base64-encoded, and a long run of it split across two fields. It never alters text that holds none of the key, and a
// key shorter than MinimumKeyLength is not masked at all: masking "x" would mangle every word with an x in it.
internal sealed class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>Keys shorter than this are not treated as secrets worth masking.</summary>
    public const int MinimumKeyLength = 8;

    // A run of this many characters of the key (or the whole key, if shorter) is masked on its own: a key that a server
    // split across two fields ends one and starts the other.
    private const int FragmentLength = 16;

    private readonly string? _secret;
    private readonly Regex? _encoded;
    private readonly string[] _literals = [];

    public SecretRedactor(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumKeyLength)
            return;
        _secret = secret;
        // No match timeout: the pattern is a fixed sequence without quantifiers, so a scan costs at most the text's length
        // times the key's, and a timeout would only turn a large output into an exception that escapes the client.
        _encoded = new Regex(string.Concat(secret.Select(EncodedChar)), RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
        _literals = [Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).TrimEnd('=')];
    }

    public bool IsActive => _secret is not null;

    public string Redact(string text)
    {
        if (_secret is null || string.IsNullOrEmpty(text))
            return text;
        var redacted = text.Contains(_secret, StringComparison.Ordinal) ? text.Replace(_secret, Mask, StringComparison.Ordinal) : text;
        if (redacted.Contains('\\') || redacted.Contains('%'))
            redacted = _encoded!.Replace(redacted, Mask);
        foreach (var literal in _literals)
            if (redacted.Contains(literal, StringComparison.Ordinal))
                redacted = redacted.Replace(literal, Mask, StringComparison.Ordinal);
        return MaskFragments(redacted);
    }

    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    public ResponseError Redact(ResponseError error) =>
        error with { Message = Redact(error.Message), Param = RedactOrNull(error.Param), Code = RedactOrNull(error.Code), Type = RedactOrNull(error.Type) };

    // A result carries the server's error, response object and tool calls as well as the text: mask them all.
    public ResponseResult Redact(ResponseResult result) => _secret is null ? result : result with
    {
        Id = RedactOrNull(result.Id),
        Model = RedactOrNull(result.Model),
        IncompleteReason = RedactOrNull(result.IncompleteReason),
        Error = result.Error is null ? null : Redact(result.Error),
        Text = Redact(result.Text),
        Reasoning = Redact(result.Reasoning),
        Refusal = RedactOrNull(result.Refusal),
        ToolCalls = result.ToolCalls.Select(c => new ToolCall(Redact(c.CallId), Redact(c.Name), Redact(c.Arguments))).ToArray(),
        OutputItems = result.OutputItems.Select(Redact).ToArray(),
        Raw = result.Raw is { } raw ? Redact(raw) : null,
        Warnings = result.Warnings.Select(Redact).ToArray(),
    };

    public ResponseUpdate Redact(ResponseUpdate update) => _secret is null ? update : new ResponseUpdate(
        update.Kind, Redact(update.Delta), update.OutputIndex, RedactOrNull(update.CallId), RedactOrNull(update.ToolName),
        update.Result is null ? null : Redact(update.Result));

    public ResponsesApiException Redact(ResponsesApiException exception)
    {
        if (_secret is null)
            return exception;
        // The inner exception is kept for diagnostics only when nothing in it needs masking.
        var inner = exception.InnerException is { } e && Redact(e.ToString()) == e.ToString() ? e : null;
        return exception.With(Redact(exception.Message), Redact(exception.Error), Redact(exception.Partial), RedactOrNull(exception.RawBody), inner);
    }

    private JsonElement Redact(JsonElement json)
    {
        var text = json.GetRawText();
        var redacted = Redact(text);
        if (ReferenceEquals(text, redacted) || text == redacted)
            return json;
        using var document = JsonDocument.Parse(redacted);
        return document.RootElement.Clone();
    }

    // Masks every run of at least FragmentLength characters of the key. Only windows of 8 characters at every 8th
    // position are looked up, which finds every run of 15 or more; each find is then grown to its whole run.
    private string MaskFragments(string text)
    {
        const int window = 8;
        var secret = _secret!;
        if (secret.Length < FragmentLength || text.Length < FragmentLength)
            return text;
        StringBuilder? builder = null;
        var copied = 0;
        for (var i = 0; i + window <= text.Length; i += window)
        {
            var at = secret.AsSpan().IndexOf(text.AsSpan(i, window), StringComparison.Ordinal);
            if (at < 0)
                continue;
            var start = i;
            while (start > copied && at > 0 && text[start - 1] == secret[at - 1])
            {
                start--;
                at--;
            }

            var end = start;
            while (end < text.Length && at + (end - start) < secret.Length && text[end] == secret[at + (end - start)])
                end++;
            if (end - start < FragmentLength)
                continue;
            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, start - copied).Append(Mask);
            copied = end;
            // Go on from the first window at or after the masked run.
            i = (end + window - 1) / window * window - window;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    // One character of the key as it may be written: itself, JSON-escaped (\u0061, \/) or URL-encoded (%61).
    private static string EncodedChar(char c)
    {
        var code = (int)c;
        var json = $"\\\\u{Hex(code >> 12)}{Hex(code >> 8)}{Hex(code >> 4)}{Hex(code)}";
        var url = code < 0x80 ? $"|%{Hex(code >> 4)}{Hex(code)}" : string.Empty;
        var slash = c == '/' ? "|\\\\/" : string.Empty;
        return $"(?:{Regex.Escape(c.ToString())}|{json}{url}{slash})";
    }

    private static string Hex(int nibble)
    {
        var digit = "0123456789abcdef"[nibble & 0xF];
        return char.IsLetter(digit) ? $"[{digit}{char.ToUpperInvariant(digit)}]" : digit.ToString();
    }
}
