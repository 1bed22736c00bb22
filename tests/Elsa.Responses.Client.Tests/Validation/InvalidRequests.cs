using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Client.Tests.Validation;

/// <summary>One invalid request per rule, each with the exact message the validator must give, and nothing else wrong.</summary>
internal static class InvalidRequests
{
    public static readonly IReadOnlyDictionary<string, (Func<ResponseRequest> Build, string Message)> Cases =
        new Dictionary<string, (Func<ResponseRequest>, string)>
        {
            ["model missing"] = (() => Valid(r => r.Model = null), "model is required"),
            ["model blank"] = (() => Valid(r => r.Model = "   "), "model is required"),
            ["input missing"] = (() => Valid(r => r.Input = null), "input is required"),
            ["input blank text"] = (() => Valid(r => r.Input = " \t "), "input must not be empty"),
            ["input empty list"] = (() => Valid(r => r.Input = ResponseInput.FromItems([])), "input must contain at least one item"),
            ["item not an object"] = (() => Items("\"hello\""), "input[0] is not a JSON object"),
            ["item without type or role"] = (() => Items("""{"content":"hi"}"""), "input[0].type is required (or a role, for a message)"),
            ["message without role"] = (() => Items("""{"type":"message","content":"hi"}"""), "input[0].role is required"),
            ["message with unknown role"] = (() => Items("""{"type":"message","role":"wizard","content":"hi"}"""), "input[0].role must be one of user, system, developer, assistant, tool"),
            ["message without content"] = (() => Items("""{"type":"message","role":"user"}"""), "input[0].content is required"),
            ["message with null content"] = (() => Items("""{"role":"user","content":null}"""), "input[0].content is required"),
            ["message with numeric content"] = (() => Items("""{"role":"user","content":42}"""), "input[0].content must be a string or an array of content parts"),
            ["content part not an object"] = (() => Items("""{"role":"user","content":["text"]}"""), "input[0].content[0] is not a JSON object"),
            ["content part without type"] = (() => Items("""{"role":"user","content":[{"type":"input_text","text":"a"},{"text":"b"}]}"""), "input[0].content[1].type is required"),
            ["function_call without call_id"] = (() => Items("""{"type":"function_call","name":"f","arguments":"{}"}"""), "input[0].call_id is required"),
            ["function_call without name"] = (() => Items("""{"type":"function_call","call_id":"c1","arguments":"{}"}"""), "input[0].name is required"),
            ["function_call with object arguments"] = (() => Items("""{"type":"function_call","call_id":"c1","name":"f","arguments":{}}"""), "input[0].arguments must be a string of JSON"),
            ["function_call_output without call_id"] = (() => Items("""{"type":"function_call_output","output":"ok"}"""), "input[0].call_id is required"),
            ["function_call_output without output"] = (() => Items("""{"type":"function_call_output","call_id":"c1"}"""), "input[0].output is required and must be a string or an array"),
            ["second item invalid"] = (() => Items("""{"role":"user","content":"hi"}""", """{"type":"function_call_output","call_id":"c1","output":7}"""), "input[1].output is required and must be a string or an array"),
            ["include_usage without stream"] = (() => Valid(r => r.IncludeUsage = true), "stream_options.include_usage requires stream to be true"),
            ["five stop sequences"] = (() => Valid(r => r.Stop = ["a", "b", "c", "d", "e"]), "stop accepts at most 4 sequences"),
            ["empty stop sequence"] = (() => Valid(r => r.Stop = ["end", ""]), "stop[1] must not be empty"),
            ["temperature above 2"] = (() => Valid(r => r.Temperature = 2.01), "temperature must be between 0 and 2"),
            ["temperature negative"] = (() => Valid(r => r.Temperature = -0.1), "temperature must be between 0 and 2"),
            ["temperature NaN"] = (() => Valid(r => r.Temperature = double.NaN), "temperature must be between 0 and 2"),
            ["top_p above 1"] = (() => Valid(r => r.TopP = 1.5), "top_p must be between 0 and 1"),
            ["max_output_tokens zero"] = (() => Valid(r => r.MaxOutputTokens = 0), "max_output_tokens must be at least 1"),
            ["tool not an object"] = (() => Tools("[1]"), "tools[0] is not a JSON object"),
            ["tool without type"] = (() => Tools("""[{"name":"f"}]"""), "tools[0].type is required"),
            ["function tool without name"] = (() => Tools("""[{"type":"function","parameters":{}}]"""), "tools[0].name is required"),
            ["two tools with one name"] = (() => Tools("""[{"type":"function","name":"f"},{"type":"function","name":"f"}]"""), "tools[1].name 'f' is used by another tool"),
            ["tool description not a string"] = (() => Tools("""[{"type":"function","name":"f","description":5}]"""), "tools[0].description must be a string"),
            ["tool parameters an array"] = (() => Tools("""[{"type":"function","name":"f","parameters":[]}]"""), "tools[0].parameters is not a JSON object"),
            ["tool_choice object without type"] = (() => Valid(r => r.ToolChoice = ToolChoice.Parse("""{"mode":"auto"}""")), "tool_choice.type is required"),
            ["tool_choice required without tools"] = (() => Valid(r => r.ToolChoice = ToolChoice.Required), "tool_choice 'required' needs at least one tool in tools"),
            ["tool_choice function blank"] = (() => Valid(r => r.ToolChoice = ToolChoice.Function("  ")), "tool_choice function name must not be empty"),
            ["tool_choice function not in tools"] = (() => Valid(r =>
            {
                r.Tools = [ResponseTool.Function("f")];
                r.ToolChoice = ToolChoice.Function("g");
            }), "tool_choice names function 'g', which is not in tools"),
            ["seventeen metadata entries"] = (() => Valid(r => r.Metadata = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v")), "metadata accepts at most 16 entries"),
            ["empty metadata key"] = (() => Valid(r => r.Metadata = new Dictionary<string, string> { [""] = "v" }), "metadata keys must not be empty"),
            ["metadata key of 65 characters"] = (() => Valid(r => r.Metadata = new Dictionary<string, string> { [new string('k', 65)] = "v" }), "metadata key 'kkkkkkkkkkkkkkkk…' is longer than 64 characters"),
            ["null metadata value"] = (() => Valid(r => r.Metadata = new Dictionary<string, string> { ["k"] = null! }), "metadata['k'] must not be null"),
            ["metadata value of 513 characters"] = (() => Valid(r => r.Metadata = new Dictionary<string, string> { ["k"] = new string('v', 513) }), "metadata['k'] is longer than 512 characters"),
            ["additional property naming a typed field"] = (() => Valid(r => r.AdditionalProperties = new JsonObject { ["temperature"] = 1 }), "additional_properties.temperature duplicates a request field; set the field itself"),
        };

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var (rule, (_, message)) in Cases)
            rows.Add(rule, message);
        return rows;
    }

    private static ResponseRequest Valid(Action<ResponseRequest> change)
    {
        var request = new ResponseRequest { Model = "test-model", Input = "Say hello." };
        change(request);
        return request;
    }

    private static ResponseRequest Items(params string[] items) =>
        Valid(r => r.Input = ResponseInput.FromItems(items.Select(i => InputItem.FromJson(JsonDocument.Parse(i).RootElement))));

    private static ResponseRequest Tools(string tools) => Valid(r => r.Tools = ResponseTool.ParseArray(tools));
}
