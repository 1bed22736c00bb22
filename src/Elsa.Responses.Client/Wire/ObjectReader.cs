using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using static Elsa.Responses.Client.Wire.WireReader;

namespace Elsa.Responses.Client.Wire;

/// <summary>Reads one member's value (the reader is on it) into the object being read.</summary>
internal delegate void ReadMember<in T>(ref Utf8JsonReader reader, T target);

// Reads a JSON object into a wire type from a table of the members the client uses: a member it does not list is
// skipped, null reads as null, anything but an object throws. Members are found by name in buckets by length, one or
// two comparisons each (a stream event has twenty-odd known names, and every member a server adds, such as logprobs
// or obfuscation, would otherwise be compared with all of them). A value of the wrong kind fails with the member's path.
internal sealed class ObjectReader<T>(Func<T> create, params (string Name, ReadMember<T> Read)[] members) where T : class
{
    private readonly (byte[] Name, string Text, ReadMember<T> Read)[][] _byLength = ByLength(members);

    /// <summary>The object the reader is on, or null for JSON null.</summary>
    public T? Read(ref Utf8JsonReader reader)
    {
        if (IsNull(ref reader, JsonTokenType.StartObject))
            return null;
        var target = create();
        ReadMembers(ref reader, target);
        return target;
    }

    /// <summary>An object already parsed into a document (a whole response body, an error envelope), or null for JSON null.</summary>
    public T? Read(JsonElement element)
    {
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(element));
        reader.Read();
        return Read(ref reader);
    }

    /// <summary>Reads the members of the object the reader is on into <paramref name="target"/>.</summary>
    public void ReadMembers(ref Utf8JsonReader reader, T target)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        string? member = null;
        try
        {
            while (NextMember(ref reader))
            {
                var known = Find(ref reader);
                reader.Read();
                if (known is var (name, read))
                {
                    member = name;
                    read(ref reader, target);
                    member = null;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (WireValueException exception) when (member is not null)
        {
            throw exception.Within(member);
        }
    }

    private (string Name, ReadMember<T> Read)? Find(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> name = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        if (name.Length < _byLength.Length)
            foreach (var (candidate, text, read) in _byLength[name.Length])
                if (name.SequenceEqual(candidate))
                    return (text, read);
        return null;
    }

    private static (byte[], string, ReadMember<T>)[][] ByLength((string Name, ReadMember<T> Read)[] members)
    {
        var byLength = new (byte[], string, ReadMember<T>)[members.Max(m => m.Name.Length) + 1][];
        for (var length = 0; length < byLength.Length; length++)
            byLength[length] = [.. members.Where(m => m.Name.Length == length).Select(m => (Encoding.UTF8.GetBytes(m.Name), m.Name, m.Read))];
        return byLength;
    }
}
