using System.Net;
using System.Text;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Errors;

/// <summary>
/// A server may echo the key in another form than it was sent: JSON-escaped, URL-encoded, base64-encoded, or split
/// across two fields. None of those forms, and not the key itself, may leave the client. A key too short to be a secret
/// is left alone, so that it does not mangle the error.
/// </summary>
public sealed class KeyEncodingRedactionTests
{
    private const string Key = TestClients.ApiKey;

    // 40 characters: each half is longer than any run of the key a client could leave unmasked by chance.
    private const string LongKey = "sk-proj-Hx7Lq2Vn9Rt4Wc8Kb3Md6Pz1Fy5Js0Ag";

    public static TheoryData<string, string> EncodedKeys() => new()
    {
        { "JSON-escaped", string.Concat(Key.Select(c => $"\\u{(int)c:x4}")) },
        { "JSON-escaped, upper case", string.Concat(Key.Select(c => $"\\u{(int)c:X4}")) },
        { "URL-encoded", string.Concat(Encoding.UTF8.GetBytes(Key).Select(b => $"%{b:X2}")) },
        { "URL-encoded, lower case", string.Concat(Encoding.UTF8.GetBytes(Key).Select(b => $"%{b:x2}")) },
        { "base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)) },
    };

    [Theory]
    [MemberData(nameof(EncodedKeys))]
    public async Task CreateAsync_HttpErrorEchoingTheEncodedKey_NeitherFormLeaves(string encoding, string encoded)
    {
        _ = encoding;
        var body = """{"error":{"message":"Incorrect API key provided: KEY.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""".Replace("KEY", encoded);
        var client = TestClients.Direct(ReplayHandler.Json(body, HttpStatusCode.Unauthorized));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("Incorrect API key provided: ***.", exception.Error.Message);
        AssertAbsent(exception, Key, encoded);
        Assert.Contains("***", exception.RawBody);
    }

    [Fact]
    public async Task CreateAsync_KeySplitBetweenMessageAndParam_NeitherHalfLeaves()
    {
        var (first, second) = (LongKey[..20], LongKey[20..]);
        var body = """{"error":{"message":"Incorrect API key provided: FIRST","type":"invalid_request_error","param":"SECOND","code":"invalid_api_key"}}"""
            .Replace("FIRST", first).Replace("SECOND", second);
        var client = TestClients.Direct(ReplayHandler.Json(body, HttpStatusCode.Unauthorized), o => o.ApiKey = LongKey);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        AssertAbsent(exception, first, second);
        Assert.Equal("Incorrect API key provided: ***", exception.Error.Message);
        Assert.Equal("***", exception.Error.Param);
    }

    [Fact]
    public async Task CreateAsync_JsonEscapedKeyAcrossTheRawBodyCut_NoPartOfItInRawBody()
    {
        // RawBody keeps the first 4,096 characters: here the cut falls after 20 of the key's 40 escaped characters.
        var escaped = string.Concat(LongKey.Select(c => $"\\u{(int)c:x4}"));
        const string start = """{"error":{"type":"invalid_request_error","message":" """;
        var padding = new string('.', 4096 - start.Length - 20 * 6);
        var body = start + padding + escaped + """ is not a valid key."}}""";
        var client = TestClients.Direct(ReplayHandler.Json(body, HttpStatusCode.Unauthorized), o => o.ApiKey = LongKey);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(4096, body.IndexOf(escaped, StringComparison.Ordinal) + 20 * 6);
        AssertAbsent(exception, escaped[..(10 * 6)], LongKey[..10]);
        Assert.EndsWith("*** is not a valid key.", exception.Error.Message);
    }

    [Fact]
    public async Task CreateAsync_KeyAcrossTheSummaryCutOfATextErrorPage_NoPartOfItInTheMessage()
    {
        // A page that is not JSON is summarised to its first 200 characters: here the cut falls inside the key.
        var padding = new string('=', 200 - "Forbidden ".Length - 14);
        var body = $"<html><body><p>Forbidden {padding}{Key} is not allowed.</p></body></html>";
        var client = TestClients.Direct(ReplayHandler.Json(body, HttpStatusCode.Forbidden));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        AssertAbsent(exception, Key[..14]);
    }

    [Fact]
    public async Task StreamAsync_KeyInToolCallArguments_NotInUpdatesOrToolCalls()
    {
        string[] deltas = ["{\"token\":\"", Key, "\"}"];
        var events = new List<string>
        {
            """{"type":"response.output_item.added","output_index":0,"item":{"id":"fc_key","type":"function_call","call_id":"call_key","name":"login","arguments":""}}""",
        };
        events.AddRange(deltas.Select(d => """{"type":"response.function_call_arguments.delta","item_id":"fc_key","output_index":0,"delta":DELTA}""".Replace("DELTA", System.Text.Json.JsonSerializer.Serialize(d))));
        events.Add("""{"type":"response.completed","response":{"id":"resp_key","status":"completed","output":[]}}""");
        var client = TestClients.Direct(ReplayHandler.Sse(SseText.FromJsonLines(events)));

        var updates = await client.StreamAsync(SampleRequests.Text()).ToListAsync();

        var toolCallDeltas = updates.Where(u => u.Kind == ResponseUpdateKind.ToolCallDelta).Select(u => u.Delta).ToArray();
        Assert.Equal(3, toolCallDeltas.Length);
        Assert.All(toolCallDeltas, d => Assert.DoesNotContain(Key, d));
        var result = updates[^1].Result!;
        Assert.Equal([new ToolCall("call_key", "login", """{"token":"***"}""")], result.ToolCalls);
        Assert.All(result.OutputItems, item => Assert.DoesNotContain(Key, item.GetRawText()));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("context")] // seven characters: one short of a key worth masking
    public async Task CreateAsync_KeyShorterThanEightCharacters_ErrorNotMangled(string key)
    {
        // llama.cpp's answer to a prompt over its context; a key of "x" must not turn it into "e***ceed_conte***t_size_error".
        const string body = """{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}}""";
        var client = TestClients.Direct(ReplayHandler.Json(body, HttpStatusCode.BadRequest), o => o.ApiKey = key);

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("exceed_context_size_error", exception.Error.Type);
        Assert.Equal("the request exceeds the available context size, try increasing it", exception.Error.Message);
        Assert.Equal(body, exception.RawBody);
        Assert.EndsWith("exceed_context_size_error: the request exceeds the available context size, try increasing it", exception.Message);
    }

    [Fact]
    public void Redact_LargeTextFullOfNearMatches_MasksTheKeyWithoutThrowing()
    {
        // 16 million characters of escaped text with the key's first 15 characters over and over (a hostile or runaway
        // server's output; one short of a fragment that is masked on its own): masking must finish, however long it
        // takes, rather than throw out of the client.
        var escaped = string.Concat(Key.Select(c => $"\\u{(int)c:x4}"));
        var text = string.Concat(Enumerable.Repeat(Key[..15] + "\\n", 16 * 1024 * 1024 / 17)) + escaped;

        var redacted = new SecretRedactor(Key).Redact(text);

        Assert.EndsWith("\\n" + SecretRedactor.Mask, redacted);
        Assert.Equal(text.Length - escaped.Length + SecretRedactor.Mask.Length, redacted.Length);
    }

    private static void AssertAbsent(ResponsesApiException exception, params string[] forms)
    {
        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, exception.ToString());
            Assert.DoesNotContain(form, exception.Error.ToString());
            Assert.DoesNotContain(form, exception.RawBody ?? string.Empty);
            var partial = exception.Partial;
            Assert.DoesNotContain(form, partial.Text);
            Assert.DoesNotContain(form, partial.Error?.ToString() ?? string.Empty);
            Assert.DoesNotContain(form, partial.Raw?.GetRawText() ?? string.Empty);
            Assert.All(partial.OutputItems, item => Assert.DoesNotContain(form, item.GetRawText()));
        }
    }
}
