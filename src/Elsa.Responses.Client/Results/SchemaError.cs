namespace Elsa.Responses.Client.Results;

/// <summary>Why an answer does not match the requested JSON Schema, or is not JSON at all.</summary>
/// <param name="Path">Where, as a JSON Pointer into the answer (<c>""</c> for the whole answer, <c>/age</c>, <c>/items/0</c>).</param>
/// <param name="Message">What is wrong there.</param>
public sealed record SchemaError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Path.Length == 0 ? "(root)" : Path)}: {Message}";
}
