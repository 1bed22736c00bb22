using System.Globalization;
using System.Runtime.InteropServices;
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
    private readonly byte[] _secretUtf8 = [];
    private readonly string[] _literals = [];
    private readonly byte[][] _literalsUtf8 = [];
    private readonly bool[] _isKeyChar = new bool[128];
    private readonly HashSet<ulong> _keyWindows = [];
    private readonly WindowFilter _windowFilter = new();
    private readonly Lazy<Regex>? _encoded;

    public SecretRedactor(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumKeyLength)
            return;
        _secret = secret;
        _secretUtf8 = Encoding.UTF8.GetBytes(secret);
        var base64 = Convert.ToBase64String(_secretUtf8);
        _literals = [base64, base64.TrimEnd('=')];
        _literalsUtf8 = [.. _literals.Select(Encoding.UTF8.GetBytes)];
        foreach (var c in secret.Where(c => c < 128))
            _isKeyChar[c] = true;
        if (_secretUtf8.Length >= FragmentLength)
            for (var i = 0; i + Window <= _secretUtf8.Length; i++)
            {
                var window = MemoryMarshal.Read<ulong>(_secretUtf8.AsSpan(i, Window));
                _keyWindows.Add(window);
                _windowFilter.Add(window);
            }
        // Built only when a text may hold an encoded key, which ordinary text never does. No match timeout: the pattern is
        // a fixed sequence without quantifiers, so a scan costs at most the text's length times the key's, and a timeout
        // would only turn a large output into an exception that escapes the client.
        _encoded = new Lazy<Regex>(() => new Regex(string.Concat(secret.Select(EncodedChar)), RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout));
    }

    // Fragments are found by looking up windows of this many bytes at every Window-th position: a run of
    // 2 × Window - 1 = 15 or more characters of the key always covers one, and each find is grown to its whole run.
    private const int Window = 8;

    public bool IsActive => _secret is not null;

    public string Redact(string text)
    {
        if (_secret is null || string.IsNullOrEmpty(text))
            return text;
        var redacted = text.Contains(_secret, StringComparison.Ordinal) ? text.Replace(_secret, Mask, StringComparison.Ordinal) : text;
        if (MayHoldEncodedKey(redacted))
            redacted = _encoded!.Value.Replace(redacted, Mask);
        // The padded base64 form starts with the unpadded one: one look for the latter tells whether either is there.
        if (redacted.Contains(_literals[1], StringComparison.Ordinal))
            foreach (var literal in _literals)
                redacted = redacted.Replace(literal, Mask, StringComparison.Ordinal);
        return MaskFragments(redacted);
    }

    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    public ResponseError Redact(ResponseError error) =>
        error with { Message = Redact(error.Message), Param = RedactOrNull(error.Param), Code = RedactOrNull(error.Code), Type = RedactOrNull(error.Type) };

    // A result carries the server's error, response object and tool calls as well as the text: mask them all. A result
    // with nothing to mask (the usual case) is handed back as it is, without a copy.
    public ResponseResult Redact(ResponseResult result)
    {
        if (_secret is null)
            return result;
        // A response object with no key in any form (escaped, encoded, in pieces) cannot have given one to its fields.
        if (result is { ReadFromRaw: true, Warnings.Count: 0 } && result.RawUtf8 is { IsEmpty: false } whole && !MayHoldKey(whole))
            return result;
        var changed = false;
        T Track<T>(T original, T redacted) where T : class?
        {
            changed |= !ReferenceEquals(original, redacted);
            return redacted;
        }

        var redacted = result with
        {
            Id = Track(result.Id, RedactOrNull(result.Id)),
            Model = Track(result.Model, RedactOrNull(result.Model)),
            IncompleteReason = Track(result.IncompleteReason, RedactOrNull(result.IncompleteReason)),
            Error = Track(result.Error, result.Error is null ? null : Redact(result.Error)),
            Text = Track(result.Text, Redact(result.Text)),
            Reasoning = Track(result.Reasoning, Redact(result.Reasoning)),
            Refusal = Track(result.Refusal, RedactOrNull(result.Refusal)),
            ToolCalls = Track(result.ToolCalls, RedactAll(result.ToolCalls, Redact)),
            Warnings = Track(result.Warnings, RedactAll(result.Warnings, Redact)),
            SchemaErrors = Track(result.SchemaErrors, RedactAll(result.SchemaErrors, e =>
                Redact(e.Message) is var m && Redact(e.Path) is var p && (!ReferenceEquals(m, e.Message) || !ReferenceEquals(p, e.Path)) ? new SchemaError(p, m) : e)),
        };
        if (result.Json is { } json && TryRedact(json, out var maskedJson))
        {
            redacted = redacted with { Json = maskedJson };
            changed = true;
        }

        // Output items read from a response object are views into it: when the object holds no key, neither do they.
        JsonElement maskedRaw = default;
        var rawHoldsKey = result.Raw is { } raw && TryRedact(raw, out maskedRaw);
        var cleanRaw = rawHoldsKey ? null : result.Raw;
        // Output items written from the stream's text and tool calls are written from their masked copies, when read.
        redacted = result.WrittenOutputItems is { } written
            ? redacted with { WrittenOutputItems = Track(written, Redact(written)) }
            : redacted with
            {
                OutputItems = Track(result.OutputItems, RedactAll(result.OutputItems, json => IsViewInto(json, cleanRaw) ? json : TryRedact(json, out var masked) ? masked : json)),
            };
        if (rawHoldsKey)
            return redacted with { Raw = maskedRaw };
        return changed ? redacted : result;
    }

    private WrittenOutputItems Redact(WrittenOutputItems items)
    {
        var (text, refusal, toolCalls) = (Redact(items.Text), RedactOrNull(items.Refusal), RedactAll(items.ToolCalls, Redact));
        return ReferenceEquals(text, items.Text) && ReferenceEquals(refusal, items.Refusal) && ReferenceEquals(toolCalls, items.ToolCalls)
            ? items
            : new WrittenOutputItems(text, refusal, toolCalls);
    }

    private ToolCall Redact(ToolCall call)
    {
        var (id, name, arguments) = (Redact(call.CallId), Redact(call.Name), Redact(call.Arguments));
        return ReferenceEquals(id, call.CallId) && ReferenceEquals(name, call.Name) && ReferenceEquals(arguments, call.Arguments)
            ? call
            : new ToolCall(id, name, arguments);
    }

    public ResponseUpdate Redact(ResponseUpdate update)
    {
        if (_secret is null)
            return update;
        var delta = Redact(update.Delta);
        var callId = RedactOrNull(update.CallId);
        var toolName = RedactOrNull(update.ToolName);
        var result = update.Result is null ? null : Redact(update.Result);
        return ReferenceEquals(delta, update.Delta) && ReferenceEquals(callId, update.CallId) && ReferenceEquals(toolName, update.ToolName) && ReferenceEquals(result, update.Result)
            ? update
            : new ResponseUpdate(update.Kind, delta, update.OutputIndex, callId, toolName, result);
    }

    // The same list when no item changed.
    private static IReadOnlyList<T> RedactAll<T>(IReadOnlyList<T> items, Func<T, T> redact)
    {
        T[]? copy = null;
        for (var i = 0; i < items.Count; i++)
        {
            var redacted = redact(items[i]);
            if (copy is null && IsSame(redacted, items[i]))
                continue;
            copy ??= [.. items];
            copy[i] = redacted;
        }

        return copy ?? items;
    }

    private static bool IsViewInto(JsonElement item, JsonElement? whole) =>
        whole is { } outer && JsonMarshal.GetRawUtf8Value(item).Overlaps(JsonMarshal.GetRawUtf8Value(outer));

    // JsonElement has no cheap equality: an element is the same when it was handed back as it was.
    private static bool IsSame<T>(T a, T b) => a is JsonElement x && b is JsonElement y
        ? JsonMarshal.GetRawUtf8Value(x) == JsonMarshal.GetRawUtf8Value(y)
        : ReferenceEquals(a, b) || EqualityComparer<T>.Default.Equals(a, b);

    public ResponsesApiException Redact(ResponsesApiException exception)
    {
        if (_secret is null)
            return exception;
        // The inner exception is kept for diagnostics only when nothing in it needs masking.
        var inner = exception.InnerException is { } e && Redact(e.ToString()) == e.ToString() ? e : null;
        return exception.With(Redact(exception.Message), Redact(exception.Error), Redact(exception.Partial), RedactOrNull(exception.RawBody), inner);
    }

    // Read as UTF-8 where it lies: a response object is only copied into a string when it may hold the key.
    private bool TryRedact(JsonElement json, out JsonElement redacted)
    {
        redacted = json;
        if (!MayHoldKey(JsonMarshal.GetRawUtf8Value(json)))
            return false;
        var text = json.GetRawText();
        var masked = Redact(text);
        if (ReferenceEquals(text, masked))
            return false;
        using var document = JsonDocument.Parse(masked);
        redacted = document.RootElement.Clone();
        return true;
    }

    private bool MayHoldKey(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOf(_secretUtf8) >= 0 || utf8.IndexOf(_literalsUtf8[1]) >= 0 || MayHoldEncodedKey(utf8))
            return true;
        if (_keyWindows.Count == 0)
            return false;
        for (var i = 0; i + Window <= utf8.Length; i += Window)
        {
            var window = MemoryMarshal.Read<ulong>(utf8.Slice(i, Window));
            if (_windowFilter.MightContain(window) && _keyWindows.Contains(window))
                return true;
        }

        return false;
    }

    // An encoded key has at least one of its characters written as \u00XX or %XX (or '/' as \/), which ordinary text
    // never does to letters, digits, '-' or '_'.
    private bool MayHoldEncodedKey(ReadOnlySpan<char> text) =>
        text.IndexOfAny('\\', '%') >= 0 && (HasEscapedKeyChar(text, "\\u00") || HasEscapedKeyChar(text, "%") || (_isKeyChar['/'] && text.Contains("\\/", StringComparison.Ordinal)));

    private bool MayHoldEncodedKey(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOfAny((byte)'\\', (byte)'%') < 0)
            return false;
        return HasEscapedKeyChar(utf8, "\\u00"u8) || HasEscapedKeyChar(utf8, "%"u8) || (_isKeyChar['/'] && utf8.IndexOf("\\/"u8) >= 0);
    }

    private bool HasEscapedKeyChar(ReadOnlySpan<char> text, string prefix)
    {
        for (var offset = 0; ;)
        {
            var found = text[offset..].IndexOf(prefix, StringComparison.Ordinal);
            if (found < 0)
                return false;
            var hex = offset + found + prefix.Length;
            if (hex + 2 <= text.Length && byte.TryParse(text.Slice(hex, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) &&
                code < 128 && _isKeyChar[code])
                return true;
            offset += found + 1;
        }
    }

    private bool HasEscapedKeyChar(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> prefix)
    {
        for (var offset = 0; ;)
        {
            var found = utf8[offset..].IndexOf(prefix);
            if (found < 0)
                return false;
            var hex = offset + found + prefix.Length;
            if (hex + 2 <= utf8.Length && byte.TryParse(utf8.Slice(hex, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) &&
                code < 128 && _isKeyChar[code])
                return true;
            offset += found + 1;
        }
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
