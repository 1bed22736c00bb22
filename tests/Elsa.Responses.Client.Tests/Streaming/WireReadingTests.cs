using System.Text;
using System.Text.Json;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Streaming;

/// <summary>
/// How the client reads what servers send, event by event and body by body: the rules System.Text.Json applied as the
/// client had it configured (unknown members skipped, quoted numbers accepted, null as null, a value of the wrong kind
/// refused), and an error that names the member when a value is of the wrong kind.
/// </summary>
public sealed class WireReadingTests
{
    private static ParsedStreamEvent Parse(string json, string eventType = "message") =>
        StreamEventParser.Parse(eventType, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Members_a_server_adds_are_skipped_whatever_their_shape()
    {
        var parsed = Parse("""
            {"obfuscation":"x1","type":"response.output_text.delta","logprobs":[{"token":"Hi","bytes":[72,105],"top":[]}],
             "extra":{"nested":{"deep":[1,{"a":null}]}},"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}
            """);

        Assert.Null(parsed.ParseError);
        Assert.Equal("response.output_text.delta", parsed.Wire!.Type);
        Assert.Equal("msg_1", parsed.Wire.ItemId);
        Assert.Equal(0, parsed.Wire.OutputIndex);
        Assert.Equal("Hi", parsed.Wire.Delta);
    }

    [Fact]
    public void Quoted_numbers_are_read_as_numbers()
    {
        var parsed = Parse("""{"type":"response.output_text.delta","output_index":"2","content_index":"1","delta":"x"}""");

        Assert.Null(parsed.ParseError);
        Assert.Equal(2, parsed.Wire!.OutputIndex);
        Assert.Equal(1, parsed.Wire.ContentIndex);
    }

    [Fact]
    public void Escaped_member_names_and_values_are_read_as_their_text()
    {
        var parsed = Parse("""{"\u0074ype":"response.output_text.delta","item_\u0069d":"msg_1","delta":"caf\u00e9"}""");

        Assert.Null(parsed.ParseError);
        Assert.Equal("response.output_text.delta", parsed.Wire!.Type);
        Assert.Equal("msg_1", parsed.Wire.ItemId);
        Assert.Equal("café", parsed.Wire.Delta);
    }

    [Fact]
    public void A_delta_that_is_not_a_string_reads_as_no_text()
    {
        var parsed = Parse("""{"type":"response.output_text.delta","delta":{"content":"Hi"},"output_index":0}""");

        Assert.Null(parsed.ParseError);
        Assert.Null(parsed.Wire!.Delta);
        Assert.Equal(0, parsed.Wire.OutputIndex);
    }

    [Theory]
    [InlineData("""{"type":"response.output_text.delta","item_id":5}""", "item_id")]
    [InlineData("""{"type":"response.output_text.delta","output_index":"first"}""", "output_index")]
    [InlineData("""{"type":"response.output_text.delta","output_index":1e40}""", "output_index")]
    [InlineData("""{"type":"response.output_item.added","item":{"type":"message","content":[{"type":"output_text","text":true}]}}""", "item.content.text")]
    [InlineData("""{"type":"response.completed","response":{"id":"r","usage":{"input_tokens":"many"}}}""", "response.usage.input_tokens")]
    [InlineData("""{"type":"response.completed","response":{"id":"r","output":{"type":"message"}}}""", "response.output")]
    [InlineData("""{"type":"response.output_item.added","item":"message"}""", "item")]
    public void A_value_of_the_wrong_kind_is_refused_with_the_path_of_its_member(string json, string path)
    {
        var parsed = Parse(json);

        Assert.Null(parsed.Wire);
        Assert.StartsWith(path + ": Expected ", parsed.ParseError);
    }

    [Theory]
    [InlineData("""{"type":"response.output_text.delta","delta":"a"} {"delta":"b"}""")]
    [InlineData("""{"type":"response.output_text.delta","delta":"a"}x""")]
    [InlineData("""[{"type":"response.output_text.delta"}]""")]
    [InlineData("\"response.output_text.delta\"")]
    [InlineData("""{"type":"response.output_text.delta","delta":"\uD800"}""")]
    public void Data_that_is_not_one_JSON_object_is_refused(string json)
    {
        var parsed = Parse(json);

        Assert.Null(parsed.Wire);
        Assert.NotNull(parsed.ParseError);
    }

    [Fact]
    public void Data_that_is_JSON_null_is_no_event()
    {
        var parsed = Parse("null");

        Assert.Null(parsed.Wire);
        Assert.Null(parsed.ParseError);
        Assert.False(parsed.IsDone);
    }

    [Fact]
    public void A_terminal_event_keeps_its_response_object_exactly_as_sent()
    {
        const string response = """{"id":"resp_1","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"Hi","annotations":[]}]}],"tools":[],"metadata":{"k":"v"}}""";

        var parsed = Parse($$"""{"type":"response.completed","sequence_number":9,"response":{{response}}}""");

        Assert.Equal(response, parsed.Wire!.RawResponse!.Element.GetRawText());
        Assert.Equal("Hi", parsed.Wire.Response!.Output![0].Content![0].Text);
    }

    [Fact]
    public void A_terminal_event_whose_type_comes_after_its_response_is_still_read_whole()
    {
        const string response = """{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"output":[{"type":"message","content":[{"type":"output_text","text":"Hi"}]}]}""";

        var parsed = Parse($$"""{"response":{{response}},"type":"response.incomplete"}""");

        Assert.Equal(response, parsed.Wire!.RawResponse!.Element.GetRawText());
        Assert.Equal("max_output_tokens", parsed.Wire.Response!.IncompleteDetails!.Reason);
        Assert.Single(parsed.Wire.Response.Output!);
    }

    [Fact]
    public void The_SSE_event_name_stands_in_for_a_missing_type_when_deciding_what_to_keep()
    {
        const string response = """{"id":"resp_1","status":"completed","output":[]}""";

        var parsed = Parse($$"""{"response":{{response}}}""", eventType: "response.completed");

        Assert.Equal(response, parsed.Wire!.RawResponse!.Element.GetRawText());
    }

    [Fact]
    public void A_created_event_gives_the_response_header()
    {
        var parsed = Parse("""
            {"type":"response.created","response":{"id":"resp_1","object":"response","created_at":1758064436,"status":"in_progress",
             "model":"gpt-4o-mini","output":[],"tools":[{"type":"function","name":"f","parameters":{}}],"instructions":"Be brief."}}
            """);

        Assert.Equal("resp_1", parsed.Wire!.Response!.Id);
        Assert.Equal("gpt-4o-mini", parsed.Wire.Response.Model);
        Assert.Equal(1758064436, parsed.Wire.Response.CreatedAt);
        Assert.Null(parsed.Wire.RawResponse);
    }

    [Fact]
    public async Task A_stream_event_with_a_value_of_the_wrong_kind_fails_the_call_naming_the_member_and_keeping_the_text_so_far()
    {
        var stream = """
            data: {"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Partial "}

            data: {"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"answer"}

            data: {"type":"response.output_text.delta","output_index":0,"content_index":0,"item_id":42,"delta":"!"}


            """;
        var client = TestClients.Direct(ReplayHandler.Sse(Encoding.UTF8.GetBytes(stream)));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text(stream: true)));

        Assert.Equal(ErrorTypes.InvalidStreamEvent, exception.Error.Type);
        Assert.Contains("item_id: Expected a string", exception.Message);
        Assert.Equal("Partial answer", exception.Partial.Text);
    }

    [Fact]
    public async Task A_response_body_with_a_value_of_the_wrong_kind_fails_the_call_naming_the_member()
    {
        const string body = """{"id":"resp_1","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":5}]}]}""";
        var client = TestClients.Direct(ReplayHandler.Json(body));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        Assert.Equal(ErrorTypes.InvalidResponse, exception.Error.Type);
        Assert.Contains("output.content.text: Expected a string, found Number.", exception.Message);
    }

    [Fact]
    public async Task A_server_error_body_whose_error_object_has_members_of_other_kinds_still_gives_its_message()
    {
        const string body = """{"error":{"message":"Too many tokens.","type":"invalid_request_error","code":400,"param":["input"]}}""";
        var client = TestClients.Direct(ReplayHandler.Json(body, System.Net.HttpStatusCode.BadRequest));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("Too many tokens.", exception.Error.Message);
        Assert.Equal("invalid_request_error", exception.Error.Type);
        Assert.Equal("400", exception.Error.Code);
    }
}
