using System.Text.Json;

namespace Elsa.Responses.Client.Wire;

// A member whose value is of the wrong kind, named by its path from the top of what was read:
// "response.output.content.text: Expected a string, found Number."
internal sealed class WireValueException(string problem) : JsonException
{
    private string _path = string.Empty;

    public override string Message => _path.Length == 0 ? problem : $"{_path}: {problem}";

    /// <summary>Puts the member the failing value was read for in front of the path so far.</summary>
    public WireValueException Within(string member)
    {
        _path = _path.Length == 0 ? member : $"{member}.{_path}";
        return this;
    }
}
