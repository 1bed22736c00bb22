using System.Text.Json.Nodes;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Tests.TestSupport;
using Elsa.Responses.Client.Validation;

namespace Elsa.Responses.Client.Tests.Validation;

/// <summary>
/// Every rule against the validator, each with its exact message; then all of them at once through the real client
/// over loopback HTTP: each request is refused with that message and nothing reaches the server.
/// </summary>
public sealed class ValidationTableTests
{
    public static TheoryData<string, string> Rows() => InvalidRequests.Rows();

    [Fact]
    public void Rows_CoverAtLeastTwentyFiveRules() => Assert.True(InvalidRequests.Cases.Count >= 25, $"only {InvalidRequests.Cases.Count} cases");

    [Theory]
    [MemberData(nameof(Rows))]
    public void Validate_InvalidRequest_ReportsExactlyThatViolation(string rule, string message)
    {
        var errors = ResponseRequestValidator.Validate(InvalidRequests.Cases[rule].Build());

        Assert.Equal([message], errors);
    }

    [Fact]
    public async Task CreateAsync_EveryInvalidRequest_ThrowsWithItsMessageAndSendsNothing()
    {
        await using var server = FakeServer.Json(FakeServer.CompletedBody);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);
        var wrong = new List<string>();

        foreach (var (rule, (build, message)) in InvalidRequests.Cases)
        {
            var exception = await Record.ExceptionAsync(() => host.Client.CreateAsync(build()));
            if (exception is not ResponseValidationException { Errors: [var only] } || only != message)
                wrong.Add($"{rule}: expected '{message}', got {exception?.GetType().Name ?? "no exception"}: {exception?.Message}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CreateAsync_RequestWithSeveralViolations_ReportsEveryOneInOrder()
    {
        await using var server = FakeServer.Json(FakeServer.CompletedBody);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);
        var request = new ResponseRequest
        {
            Input = "",
            Stop = ["a", "b", "c", "d", "e"],
            Temperature = 3,
            TopP = -1,
            MaxOutputTokens = -5,
            ToolChoice = ToolChoice.Required,
            AdditionalProperties = new JsonObject { ["model"] = "other" },
        };

        var exception = await Assert.ThrowsAsync<ResponseValidationException>(() => host.Client.CreateAsync(request));

        string[] expected =
        [
            "model is required",
            "input must not be empty",
            "stop accepts at most 4 sequences",
            "temperature must be between 0 and 2",
            "top_p must be between 0 and 1",
            "max_output_tokens must be at least 1",
            "tool_choice 'required' needs at least one tool in tools",
            "additional_properties.model duplicates a request field; set the field itself",
        ];
        Assert.Equal(expected, exception.Errors);
        Assert.Equal("The request is invalid: " + string.Join("; ", expected), exception.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Validate_ValidRequestUsingEveryField_ReportsNothing()
    {
        var request = new ResponseRequest
        {
            Model = "m",
            Input = ResponseInput.FromItems([InputItem.Message("user", "hi"), InputItem.FunctionCall("c1", "f", "{}"), InputItem.FunctionCallOutput("c1", "ok")]),
            Instructions = "Be brief.",
            Stream = true,
            IncludeUsage = true,
            Stop = ["a", "b", "c", "d"],
            Temperature = 2,
            TopP = 0,
            MaxOutputTokens = 1,
            Tools = [ResponseTool.Function("f")],
            ToolChoice = ToolChoice.Function("f"),
            Metadata = Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", _ => new string('v', 512)),
            User = "u",
            AdditionalProperties = new JsonObject { ["parallel_tool_calls"] = false },
        };

        Assert.Empty(ResponseRequestValidator.Validate(request));
    }
}
