using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Cli.Tests.TestSupport;

namespace Elsa.Responses.Cli.Tests;

/// <summary>Issue 11 §3: --output-schema, --schema-name and --repair-attempts, the report's json, attempts and schema_errors, exit code 5.</summary>
public sealed class StructuredOutputTests : IDisposable
{
    private const string ContactSchema =
        """{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"},"priority":{"enum":["low","normal","high"]}},"required":["name","email","priority"],"additionalProperties":false}""";

    private const string ValidContact = """{"name":"Ada","email":"ada@example.com","priority":"high"}""";
    private const string InvalidContact = """{"name":"Ada","priority":"urgent"}""";

    private readonly FakeServer _server = new();
    private readonly string _schemaFile = Fixtures.Write(ContactSchema);

    [Fact]
    public async Task TestRequest_ValidAnswerOnTheFirstTry_ReportsTheJsonAndOneAttempt()
    {
        _server.RespondInTurn("application/json", Answer(ValidContact));

        var run = await RunAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(_server.Requests);
        var report = run.Json();
        Assert.Equal(ValidContact, report.GetProperty("json").GetRawText());
        Assert.Equal(1, report.GetProperty("attempts").GetInt32());
        Assert.Equal(0, report.GetProperty("schema_errors").GetArrayLength());
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task TestRequest_JsonSchemaFlags_SendTextFormatVerbatim()
    {
        _server.RespondInTurn("application/json", Answer(ValidContact));

        var run = await RunAsync("--schema-name", "contact");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            $$$"""{"format":{"type":"json_schema","name":"contact","schema":{{{ContactSchema}}},"strict":true}}""",
            _server.SingleRequestBody().GetProperty("text").GetRawText());
    }

    [Fact]
    public async Task TestRequest_NoSchemaName_SendsTheDefaultName()
    {
        _server.RespondInTurn("application/json", Answer(ValidContact));

        var run = await RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("output", _server.SingleRequestBody().GetProperty("text").GetProperty("format").GetProperty("name").GetString());
    }

    [Fact]
    public async Task TestRequest_InvalidThenValid_SendsASecondRequestListingTheErrors()
    {
        _server.RespondInTurn("application/json", Answer(InvalidContact), Answer(ValidContact));

        var run = await RunAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var bodies = _server.RequestBodies();
        Assert.Equal(2, bodies.Count);
        var input = bodies[1].GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(3, input.Count);
        Assert.Equal(InvalidContact, input[1].GetProperty("content")[0].GetProperty("text").GetString());
        var repair = input[2].GetProperty("content").GetString()!;
        Assert.Contains("- (root): Required properties [\"email\"] are not present", repair);
        Assert.Contains("- /priority: ", repair);
        Assert.Equal(bodies[0].GetProperty("text").GetRawText(), bodies[1].GetProperty("text").GetRawText());

        var report = run.Json();
        Assert.Equal(ValidContact, report.GetProperty("json").GetRawText());
        Assert.Equal(2, report.GetProperty("attempts").GetInt32());
        Assert.Equal(0, report.GetProperty("schema_errors").GetArrayLength());
        Assert.Equal(100, report.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Contains("repair: sending the answer back with its errors (attempt 2 of 2)", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_StillInvalidAfterTheRepairs_Exits5WithTheSchemaErrorsAndTheText()
    {
        _server.RespondInTurn("application/json", Answer("""{"name":"Ada"}"""));

        var run = await RunAsync("--repair-attempts", "2", "--json");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Equal(3, _server.Requests.Count);
        var report = run.Json();
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal("""{"name":"Ada"}""", report.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("json").ValueKind);
        Assert.Equal(3, report.GetProperty("attempts").GetInt32());
        Assert.Equal(
            """[{"path":"","message":"Required properties [\"email\",\"priority\"] are not present"}]""",
            report.GetProperty("schema_errors").GetRawText());
    }

    [Fact]
    public async Task TestRequest_NoRepairsInTextMode_Exits5PrintingTheAnswerAndSchemaErrorLines()
    {
        _server.RespondInTurn("application/json", Answer("Ada, ada@example.com, high."));

        var run = await RunAsync("--repair-attempts", "0");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Single(_server.Requests);
        Assert.Contains("Ada, ada@example.com, high.", run.Stdout);
        Assert.Contains("schema error: (root): the answer holds no JSON object or array", run.Stderr);
        Assert.Contains("invalid: the answer does not match the schema after 1 attempt", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_StreamedRepair_PrintsEachAnswerAsItArrivesAndTheJsonReadFromTheLast()
    {
        _server.RespondInTurn("text/event-stream", Stream(InvalidContact), Stream("Here it is: " + ValidContact));

        var run = await RunAsync("--stream");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, _server.Requests.Count);
        Assert.All(_server.RequestBodies(), b => Assert.True(b.GetProperty("stream").GetBoolean()));
        Assert.Equal($"{InvalidContact}\nHere it is: {ValidContact}\njson: {ValidContact}\nusage: 20 input + 40 output = 60 tokens\n",
            run.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("schema error: /priority: ", run.Stderr);
        Assert.Contains("repaired: the answer matches the schema after 2 attempts", run.Stderr);
    }

    [Theory]
    [InlineData("""{"type":"object",""", "is not valid JSON")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"strin"}}}""", "is not a valid JSON Schema at /properties/a/type")]
    [InlineData("""[1]""", "must be a JSON object, not array")]
    public async Task TestRequest_InvalidSchemaFile_Exits2NamingTheFileAndTheLocationAndSendsNothing(string schema, string expected)
    {
        _server.RespondInTurn("application/json", Answer(ValidContact));
        var file = Fixtures.Write(schema);

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "x", "--output-schema", file, "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"the --output-schema file '{file}' {expected}", run.Stderr);
        Assert.Equal("invalid_input", run.Json().GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("one")]
    public async Task TestRequest_RepairAttemptsNotAWholeNumberOfZeroOrMore_Exits2(string value)
    {
        _server.RespondInTurn("application/json", Answer(ValidContact));

        var run = await RunAsync("--repair-attempts", value);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"--repair-attempts must be a whole number of 0 or more, such as 1 (got '{value}')", run.Stderr);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task TestRequest_SchemaNameWithoutASchema_Exits2()
    {
        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "x", "--schema-name", "contact");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--schema-name needs --output-schema", run.Stderr);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task TestRequest_DefinitionWithAnOutputSchema_SendsItAndHonoursStrictAndRepairAttempts()
    {
        _server.RespondInTurn("application/json", Answer(InvalidContact));
        var definition = Definition(ContactSchema, repairAttempts: "0");

        var run = await CliProcess.RunAsync("test-request", "--definition", definition, "--activity", "extract", "--base-url", _server.BaseUrl, "--json");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Equal(
            $$$"""{"format":{"type":"json_schema","name":"contact","schema":{{{ContactSchema}}},"strict":false}}""",
            _server.SingleRequestBody().GetProperty("text").GetRawText());
        Assert.Equal(1, run.Json().GetProperty("attempts").GetInt32());
        Assert.Equal(2, run.Json().GetProperty("schema_errors").GetArrayLength());
    }

    [Fact]
    public async Task TestRequest_DefinitionRepairsByDefaultAndFlagsOverrideItsSchemaSettings()
    {
        _server.RespondInTurn("application/json", Answer(InvalidContact), Answer(ValidContact));
        var definition = Definition(ContactSchema, repairAttempts: null);

        var run = await CliProcess.RunAsync("test-request", "--definition", definition, "--activity", "extract", "--base-url", _server.BaseUrl,
            "--schema-name", "person", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Json().GetProperty("attempts").GetInt32());
        var format = _server.RequestBodies()[0].GetProperty("text").GetProperty("format");
        Assert.Equal("person", format.GetProperty("name").GetString());
        Assert.False(format.GetProperty("strict").GetBoolean());
    }

    [Fact]
    public async Task TestRequest_DefinitionWithAnInvalidRepairAttempts_Exits2NamingTheInput()
    {
        var definition = Definition(ContactSchema, repairAttempts: "-3");

        var run = await CliProcess.RunAsync("test-request", "--definition", definition, "--activity", "extract", "--base-url", _server.BaseUrl);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("input 'repairAttempts' of activity 'extract': must be 0 or more", run.Stderr);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task TestRequest_DefinitionWithAnOutputSchemaExpression_Exits2NamingTheFlag()
    {
        var definition = Definition(ContactSchema, repairAttempts: null, schemaExpression: true);

        var run = await CliProcess.RunAsync("test-request", "--definition", definition, "--activity", "extract", "--base-url", _server.BaseUrl);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("input 'outputSchema' of activity 'extract' is a JavaScript expression", run.Stderr);
        Assert.Contains("give a literal value with --output-schema", run.Stderr);
    }

    [Fact]
    public async Task TestRequest_RequestFileWithAJsonSchemaFormat_SendsItAsWrittenAndChecksTheAnswer()
    {
        _server.RespondInTurn("application/json", Answer(InvalidContact));
        var text = $$$"""{"format":{"type":"json_schema","name":"contact","description":"A contact.","schema":{{{ContactSchema}}},"strict":true}}""";
        var file = Fixtures.Write($$"""{ "model": "m", "input": "x", "text": {{text}} }""");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--request", file, "--repair-attempts", "0", "--json");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Equal(text, _server.SingleRequestBody().GetProperty("text").GetRawText());
        Assert.Equal(2, run.Json().GetProperty("schema_errors").GetArrayLength());
    }

    [Fact]
    public async Task TestRequest_OutputSchemaOverRequestFileFormat_ReplacesTheSchemaAndKeepsTheName()
    {
        _server.RespondInTurn("application/json", Answer(ValidContact));
        var file = Fixtures.Write("""{ "model": "m", "input": "x", "text": {"format":{"type":"json_schema","name":"contact","schema":{"type":"array"},"strict":false}} }""");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--request", file, "--output-schema", _schemaFile);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            $$$"""{"format":{"type":"json_schema","name":"contact","schema":{{{ContactSchema}}},"strict":false}}""",
            _server.SingleRequestBody().GetProperty("text").GetRawText());
    }

    private Task<CliRun> RunAsync(params string[] extra) =>
        CliProcess.RunAsync(["test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Ada (ada@example.com) says the site is down.",
            "--output-schema", _schemaFile, .. extra]);

    // A Responses API object with one output_text message.
    private static string Answer(string text) =>
        new JsonObject
        {
            ["id"] = "resp_1",
            ["object"] = "response",
            ["status"] = "completed",
            ["output"] = new JsonArray(new JsonObject
            {
                ["type"] = "message", ["id"] = "msg_1", ["role"] = "assistant", ["status"] = "completed",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
            }),
            ["usage"] = new JsonObject { ["input_tokens"] = 50, ["output_tokens"] = 20, ["total_tokens"] = 70 },
        }.ToJsonString();

    // The same answer as a stream: one text delta, then response.completed.
    private static string Stream(string text)
    {
        var delta = new JsonObject { ["type"] = "response.output_text.delta", ["item_id"] = "msg_1", ["output_index"] = 0, ["content_index"] = 0, ["delta"] = text };
        var completed = new JsonObject
        {
            ["type"] = "response.completed",
            ["response"] = new JsonObject
            {
                ["id"] = "resp_s", ["object"] = "response", ["status"] = "completed", ["output"] = new JsonArray(),
                ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 20, ["total_tokens"] = 30 },
            },
        };
        return $"event: response.output_text.delta\ndata: {delta.ToJsonString()}\n\nevent: response.completed\ndata: {completed.ToJsonString()}\n\n";
    }

    // A Create Response activity as Studio exports it, with the Output inputs set.
    private static string Definition(string schema, string? repairAttempts, bool schemaExpression = false)
    {
        var activity = new JsonObject
        {
            ["id"] = "extract",
            ["type"] = "Elsa.Responses.CreateResponse",
            ["model"] = Literal("String", "m"),
            ["input"] = Literal("Object", "Ada (ada@example.com) says the site is down."),
            ["outputSchema"] = schemaExpression
                ? new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "getSchema()" } }
                : Literal("Object", schema),
            ["schemaName"] = Literal("String", "contact"),
            ["strict"] = Literal("Boolean", "False"),
        };
        if (repairAttempts is not null)
            activity["repairAttempts"] = Literal("Int32", repairAttempts);
        var definition = new JsonObject
        {
            ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "root", ["activities"] = new JsonArray(activity) },
        };
        return Fixtures.Write(definition.ToJsonString());
    }

    private static JsonObject Literal(string typeName, string value) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };

    public void Dispose() => _server.Dispose();
}
