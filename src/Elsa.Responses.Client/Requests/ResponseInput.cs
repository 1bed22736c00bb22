using System.Text.Json;

namespace Elsa.Responses.Client.Requests;

/// <summary>
/// The <c>input</c> field: either a plain text prompt or a list of <see cref="InputItem"/>s (messages, function calls
/// and function call outputs).
/// </summary>
public sealed class ResponseInput
{
    private ResponseInput(string? text, IReadOnlyList<InputItem>? items)
    {
        Text = text;
        Items = items;
    }

    /// <summary>The prompt when the input is plain text; otherwise null.</summary>
    public string? Text { get; }

    /// <summary>The items when the input is a list; otherwise null.</summary>
    public IReadOnlyList<InputItem>? Items { get; }

    /// <summary>A plain text prompt.</summary>
    public static ResponseInput FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>A list of input items.</summary>
    public static ResponseInput FromItems(IEnumerable<InputItem> items) => new(null, items?.ToArray() ?? throw new ArgumentNullException(nameof(items)));

    /// <summary>
    /// Reads what a person typed: a JSON array (after optional white space) is a list of items, anything else is a
    /// plain prompt. Throws <see cref="FormatException"/> naming <c>input</c> when the array is not valid JSON.
    /// Internal: people's text reaches it through <see cref="RequestInputMapper"/> and the CLI.
    /// </summary>
    internal static ResponseInput Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.AsSpan().TrimStart();
        if (trimmed.Length == 0 || trimmed[0] != '[')
            return FromText(value);

        try
        {
            using var document = JsonDocument.Parse(value);
            return FromItems(document.RootElement.EnumerateArray().Select(e => InputItem.FromJson(e.Clone())));
        }
        catch (JsonException exception)
        {
            throw new FormatException($"input looks like a JSON array but is not valid JSON: {exception.Message}", exception);
        }
    }

    /// <summary>The input as a list of items: a text prompt is one user message, as the server reads it.</summary>
    public IReadOnlyList<InputItem> ToItems() => Text is not null ? [InputItem.Message("user", Text)] : Items!;

    /// <summary>Lets a string be used where an input is expected.</summary>
    public static implicit operator ResponseInput(string text) => FromText(text);
}
