using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Structured;
using Elsa.Responses.Client.Tests.TestSupport;
using Elsa.Responses.Client.Validation;

namespace Elsa.Responses.Client.Tests.Structured;

/// <summary>
/// Issue 11 §1: text.format on the wire, the answer read and checked on the client's side (JsonSchema.Net), and repair.
/// The fake server plays a model: each answer is a Responses API object with one output_text message.
/// </summary>
public sealed class StructuredOutputTests
{
    private const string ContactSchema =
        """{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"},"priority":{"enum":["low","normal","high"]}},"required":["name","email","priority"],"additionalProperties":false}""";

    private static ResponseRequest Request(bool stream = false, string schema = ContactSchema) => new()
    {
        Model = "m",
        Input = "Ada (ada@example.com) says the site is down.",
        Stream = stream,
        TextFormat = TextFormat.JsonSchema("contact", JsonDocument.Parse(schema).RootElement),
    };

    private static string Answer(string text, string status = "completed", int output = 20) =>
        new JsonObject
        {
            ["id"] = "resp_" + Guid.NewGuid().ToString("N")[..6],
            ["object"] = "response",
            ["status"] = status,
            ["output"] = new JsonArray(new JsonObject
            {
                ["type"] = "message", ["id"] = "msg_1", ["role"] = "assistant", ["status"] = status,
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
            }),
            ["usage"] = new JsonObject { ["input_tokens"] = 50, ["output_tokens"] = output, ["total_tokens"] = 50 + output },
        }.ToJsonString();

    [Fact]
    public async Task Json_schema_format_is_sent_as_the_Responses_API_documents_it()
    {
        var entry = await FakeServer.CaptureAsync(new ResponseRequest
        {
            Model = "m",
            Input = "x",
            TextFormat = TextFormat.JsonSchema("contact", JsonDocument.Parse("""{"type":"object"}""").RootElement, strict: true, description: "A contact."),
        });

        Assert.Equal("""{"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"contact","description":"A contact.","schema":{"type":"object"},"strict":true}}}""", entry.Body);
    }

    [Theory]
    [InlineData("json_object", """{"model":"m","input":"x","text":{"format":{"type":"json_object"}}}""")]
    [InlineData("text", """{"model":"m","input":"x","text":{"format":{"type":"text"}}}""")]
    [InlineData("schema, strict unset", """{"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"n","schema":{}}}}""")]
    public async Task Each_format_has_its_exact_body(string format, string expected)
    {
        var textFormat = format switch
        {
            "json_object" => TextFormat.JsonObject,
            "text" => TextFormat.Text,
            _ => TextFormat.JsonSchema("n", JsonDocument.Parse("{}").RootElement, strict: null),
        };

        var entry = await FakeServer.CaptureAsync(new ResponseRequest { Model = "m", Input = "x", TextFormat = textFormat });

        Assert.Equal(expected, entry.Body);
    }

    [Fact]
    public async Task A_valid_answer_on_the_first_try_is_parsed_in_one_request()
    {
        await using var server = FakeServer.Answers(FakeAnswer.Json(Answer("""{"name":"Ada","email":"ada@example.com","priority":"high"}""")));
        using var host = Host(server);

        var result = await host.Client.CreateStructuredAsync(Request());

        Assert.Single(server.Requests);
        Assert.Equal(1, result.Attempts);
        Assert.Empty(result.SchemaErrors);
        Assert.Equal("high", result.Json!.Value.GetProperty("priority").GetString());
    }

    [Fact]
    public async Task An_invalid_answer_is_repaired_the_second_request_lists_the_errors_and_usage_is_summed()
    {
        await using var server = FakeServer.Answers(
            FakeAnswer.Json(Answer("""{"name":"Ada","priority":"urgent"}""")),
            FakeAnswer.Json(Answer("""{"name":"Ada","email":"ada@example.com","priority":"high"}""", output: 30)));
        using var host = Host(server);

        var result = await host.Client.CreateStructuredAsync(Request());

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, result.Attempts);
        Assert.Empty(result.SchemaErrors);
        Assert.Equal("ada@example.com", result.Json!.Value.GetProperty("email").GetString());
        Assert.Equal(new ResponseUsage(100, 50, 150, 0, 0), result.Usage);

        var repair = JsonDocument.Parse(server.Requests[1].Body).RootElement;
        var input = repair.GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(3, input.Count);
        Assert.Equal("Ada (ada@example.com) says the site is down.", input[0].GetProperty("content").GetString());
        Assert.Equal("""{"name":"Ada","priority":"urgent"}""", input[1].GetProperty("content")[0].GetProperty("text").GetString());
        var message = input[2].GetProperty("content").GetString()!;
        Assert.Equal("user", input[2].GetProperty("role").GetString());
        Assert.Contains("- (root): Required properties [\"email\"] are not present", message);
        Assert.Contains("- /priority: ", message);
        Assert.Equal(JsonDocument.Parse(server.Requests[0].Body).RootElement.GetProperty("text").GetRawText(), repair.GetProperty("text").GetRawText());
    }

    [Fact]
    public async Task Still_invalid_after_the_repairs_keeps_the_last_answer_and_its_errors()
    {
        await using var server = FakeServer.Answers(FakeAnswer.Json(Answer("""{"name":"Ada"}""")));
        using var host = Host(server);

        var result = await host.Client.CreateStructuredAsync(Request(), repairAttempts: 2);

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, result.Attempts);
        Assert.Null(result.Json);
        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Equal("""{"name":"Ada"}""", result.Text);
        Assert.Equal([new SchemaError("", "Required properties [\"email\",\"priority\"] are not present")], result.SchemaErrors);
    }

    [Fact]
    public async Task No_repairs_asked_for_means_one_request()
    {
        await using var server = FakeServer.Answers(FakeAnswer.Json(Answer("not json")));
        using var host = Host(server);

        var result = await host.Client.CreateStructuredAsync(Request(), repairAttempts: 0);

        Assert.Single(server.Requests);
        Assert.Equal([new SchemaError("", "the answer holds no JSON object or array")], result.SchemaErrors);
    }

    [Theory]
    [InlineData("```json\n{\"name\":\"Ada\",\"email\":\"a@b.c\",\"priority\":\"low\"}\n```")]
    [InlineData("Here is the contact:\n```\n{\"name\":\"Ada\",\"email\":\"a@b.c\",\"priority\":\"low\"}\n```\nAnything else?")]
    [InlineData("Sure! {\"name\":\"Ada\",\"email\":\"a@b.c\",\"priority\":\"low\"}")]
    [InlineData("  {\"name\":\"Ada\",\"email\":\"a@b.c\",\"priority\":\"low\"}\n")]
    public async Task One_value_alone_fenced_or_after_prose_is_accepted(string answer)
    {
        await using var server = FakeServer.Answers(FakeAnswer.Json(Answer(answer)));
        using var host = Host(server);

        var result = await host.Client.CreateAsync(Request());

        Assert.Empty(result.SchemaErrors);
        Assert.Equal("Ada", result.Json!.Value.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("Two options: {\"name\":\"Ada\",\"email\":\"a@b.c\",\"priority\":\"low\"} or {\"name\":\"Bob\",\"email\":\"b@b.c\",\"priority\":\"low\"}", "the answer holds 2 JSON values; answer with one")]
    [InlineData("```json\n{\"name\":\"Ada\"}\n```\n```json\n{\"name\":\"Bob\"}\n```", "the answer has 2 fenced blocks; answer with one JSON value")]
    [InlineData("```json\n{\"name\":\n```", "the fenced block does not hold one valid JSON value")]
    [InlineData("I could not find a contact.", "the answer holds no JSON object or array")]
    [InlineData("", "the answer is empty, not JSON")]
    public async Task Anything_that_leaves_a_choice_or_no_value_is_invalid(string answer, string expected)
    {
        await using var server = FakeServer.Answers(FakeAnswer.Json(Answer(answer)));
        using var host = Host(server);

        var result = await host.Client.CreateAsync(Request());

        Assert.Null(result.Json);
        Assert.Equal([new SchemaError("", expected)], result.SchemaErrors);
    }

    [Fact]
    public async Task A_truncated_answer_is_incomplete_and_never_parsed_or_repaired()
    {
        // Servers that cut at max_output_tokens and say "completed" (llama.cpp): output tokens = the limit.
        await using var server = FakeServer.Answers(FakeAnswer.Json(Answer("""{"name":"Ada","em""", output: 16)));
        using var host = Host(server);
        var request = Request();
        request.MaxOutputTokens = 16;

        var result = await host.Client.CreateStructuredAsync(request);

        Assert.Single(server.Requests);
        Assert.Equal(ResponseStatus.Incomplete, result.Status);
        Assert.Null(result.Json);
        Assert.Empty(result.SchemaErrors);
    }

    [Fact]
    public async Task A_server_that_ignores_text_format_is_still_checked_and_repaired()
    {
        // A plain-text answer, as from a server that dropped text.format, then JSON once asked again.
        await using var server = FakeServer.Answers(
            FakeAnswer.Json(Answer("Name: Ada, email: ada@example.com, priority: high.")),
            FakeAnswer.Json(Answer("""{"name":"Ada","email":"ada@example.com","priority":"high"}""")));
        using var host = Host(server);

        var result = await host.Client.CreateStructuredAsync(Request());

        Assert.Equal(2, result.Attempts);
        Assert.Equal("Ada", result.Json!.Value.GetProperty("name").GetString());
        Assert.Contains("the answer holds no JSON object or array", JsonDocument.Parse(server.Requests[1].Body).RootElement.GetProperty("input")[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_streamed_structured_answer_is_parsed_when_the_stream_completes()
    {
        var json = """{"name":"Ada","email":"ada@example.com","priority":"normal"}""";
        var sse = new StringBuilder();
        sse.Append("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":").Append(JsonSerializer.Serialize(json[..20])).Append("}\n\n");
        sse.Append("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":").Append(JsonSerializer.Serialize(json[20..])).Append("}\n\n");
        sse.Append("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":").Append(Answer(json)).Append("}\n\n");
        await using var server = FakeServer.Sse(Encoding.UTF8.GetBytes(sse.ToString()));
        using var host = Host(server);

        var result = await host.Client.CreateStructuredAsync(Request(stream: true));

        Assert.True(JsonDocument.Parse(server.Requests[0].Body).RootElement.GetProperty("stream").GetBoolean());
        Assert.Equal("normal", result.Json!.Value.GetProperty("priority").GetString());
        Assert.Equal(1, result.Attempts);
    }

    [Theory]
    [InlineData("""{"type":5}""", "text.format.schema is not a valid JSON Schema at /type: ")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"nope"}}}""", "text.format.schema is not a valid JSON Schema at /properties/a/type: ")]
    [InlineData("""[1]""", "text.format.schema must be a JSON object, not array")]
    public async Task An_invalid_schema_is_rejected_with_its_location_and_nothing_is_sent(string schema, string expected)
    {
        await using var server = FakeServer.Answers(FakeAnswer.Json(Answer("{}")));
        using var host = Host(server);

        var exception = await Assert.ThrowsAsync<ResponseValidationException>(() => host.Client.CreateStructuredAsync(Request(schema: schema)));

        Assert.Contains(exception.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("", "text.format.name is required for json_schema")]
    [InlineData("has space", "text.format.name must be 1 to 64 letters, digits, '_' or '-'")]
    public void Schema_name_is_checked(string name, string expected) =>
        Assert.Contains(expected, ResponseRequestValidator.Validate(new ResponseRequest
        {
            Model = "m", Input = "x", TextFormat = TextFormat.JsonSchema(name, JsonDocument.Parse("{}").RootElement),
        }));

    [Fact]
    public void Text_in_additional_properties_duplicates_a_set_text_format() =>
        Assert.Contains("additional_properties.text duplicates a request field; set the field itself", ResponseRequestValidator.Validate(new ResponseRequest
        {
            Model = "m", Input = "x", TextFormat = TextFormat.JsonObject, AdditionalProperties = new JsonObject { ["text"] = new JsonObject() },
        }));

    [Fact]
    public async Task Json_object_format_accepts_any_object_and_refuses_an_array()
    {
        await using var server = FakeServer.Answers(FakeAnswer.Json(Answer("[1,2]")));
        using var host = Host(server);

        var result = await host.Client.CreateAsync(new ResponseRequest { Model = "m", Input = "x", TextFormat = TextFormat.JsonObject });

        Assert.Equal([new SchemaError("", "the answer is a JSON array, not an object")], result.SchemaErrors);
    }

    [Fact]
    public async Task Plain_requests_get_no_json_and_no_errors()
    {
        await using var server = FakeServer.Answers(FakeAnswer.Json(Answer("""{"a":1}""")));
        using var host = Host(server);

        var result = await host.Client.CreateStructuredAsync(new ResponseRequest { Model = "m", Input = "x" });

        Assert.Null(result.Json);
        Assert.Empty(result.SchemaErrors);
        Assert.Equal(1, result.Attempts);
    }

    // The check asks for pass/fail first and lists the errors only of an answer that fails; keywords that depend on
    // other keywords' annotations (unevaluatedProperties through allOf and $ref) must give the same verdict both ways.
    [Theory]
    [InlineData("""{"name":"Ada","email":"ada@example.com"}""", "")]
    [InlineData("""{"name":"Ada","email":"ada@example.com","extra":1}""", "/extra")]
    [InlineData("""{"name":"Ada","email":7}""", "/email")]
    public void Evaluate_SchemaThatNeedsAnnotations_GivesTheSameVerdictAndListsTheErrors(string answer, string errorAt)
    {
        const string schema = """
            {"$defs":{"named":{"properties":{"name":{"type":"string"}},"required":["name"]}},
             "allOf":[{"$ref":"#/$defs/named"},{"properties":{"email":{"type":"string"}}}],
             "unevaluatedProperties":false}
            """;
        Assert.True(SchemaCheck.TryCompile(JsonDocument.Parse(schema).RootElement, out var compiled, out var problem), problem);

        var errors = SchemaCheck.Evaluate(compiled!, JsonDocument.Parse(answer).RootElement);

        if (errorAt.Length == 0)
            Assert.Empty(errors);
        else
            Assert.Contains(errors, e => e.Path == errorAt);
    }

    private static ClientHost Host(FakeServer server) => TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);
}
