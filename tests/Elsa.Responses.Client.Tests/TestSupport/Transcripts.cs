namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>The hand-written SSE transcripts and bodies under <c>Streaming/Transcripts</c>, copied next to the test binaries.</summary>
internal static class Transcripts
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Streaming", "Transcripts", name);
}
