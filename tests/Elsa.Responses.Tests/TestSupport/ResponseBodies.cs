using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>Response objects and event streams shaped like OpenAI's (and DigitalOcean's) <c>/v1/responses</c>.</summary>
public static class ResponseBodies
{
    public const string Model = "openai-gpt-oss-120b";

    public static JsonObject Usage(long input = 42, long output = 17, long cached = 8, long reasoning = 5) => new()
    {
        ["input_tokens"] = input,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = cached },
        ["output_tokens"] = output,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoning },
        ["total_tokens"] = input + output,
    };

    public static JsonObject Message(string text, string id = "msg_1", string status = "completed") => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["status"] = status,
        ["role"] = "assistant",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
    };

    public static JsonObject Reasoning(string summary, string id = "rs_1") => new()
    {
        ["type"] = "reasoning",
        ["id"] = id,
        ["summary"] = new JsonArray(new JsonObject { ["type"] = "summary_text", ["text"] = summary }),
    };

    public static JsonObject FunctionCall(string callId, string name, string arguments, string id = "fc_1") => new()
    {
        ["type"] = "function_call",
        ["id"] = id,
        ["call_id"] = callId,
        ["name"] = name,
        ["arguments"] = arguments,
        ["status"] = "completed",
    };

    public static JsonObject ResponseObject(string id, string status, JsonArray output, JsonObject? usage, JsonObject? extra = null)
    {
        var response = new JsonObject
        {
            ["id"] = id,
            ["object"] = "response",
            ["created_at"] = 1760000000,
            ["status"] = status,
            ["model"] = Model,
            ["output"] = output,
            ["usage"] = usage,
        };
        foreach (var (key, value) in extra ?? [])
            response[key] = value?.DeepClone();
        return response;
    }

    /// <summary>A completed response with a reasoning summary and a message.</summary>
    public static string Completed(string text, string id = "resp_done", string reasoning = "The user wants a short answer.") =>
        ResponseObject(id, "completed", new JsonArray(Reasoning(reasoning), Message(text)), Usage()).ToJsonString();

    /// <summary>A completed response whose only output is one function call.</summary>
    public static string ToolCall(string callId = "call_weather_1", string name = "get_weather", string arguments = """{"city":"Amsterdam"}""", string id = "resp_tools") =>
        ResponseObject(id, "completed", new JsonArray(FunctionCall(callId, name, arguments)), Usage(input: 80, output: 20, cached: 0, reasoning: 0)).ToJsonString();

    /// <summary>A response cut off at max_output_tokens.</summary>
    public static string Incomplete(string text, string id = "resp_incomplete") =>
        ResponseObject(id, "incomplete", new JsonArray(Message(text, status: "incomplete")), Usage(output: 16, reasoning: 0),
            new JsonObject { ["incomplete_details"] = new JsonObject { ["reason"] = "max_output_tokens" } }).ToJsonString();

    /// <summary>A 200 body whose response failed.</summary>
    public static string Failed(string message = "The server had an error while processing your request.", string id = "resp_failed") =>
        ResponseObject(id, "failed", new JsonArray(), null,
            new JsonObject { ["error"] = new JsonObject { ["code"] = "server_error", ["message"] = message } }).ToJsonString();

    /// <summary>OpenAI's 401 body for a bad key; like OpenAI, it echoes (part of) the key back.</summary>
    public static string InvalidApiKey(string echoedKey) => new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["message"] = $"Incorrect API key provided: {echoedKey}. You can find your API key at https://platform.openai.com/account/api-keys.",
            ["type"] = "invalid_request_error",
            ["param"] = null,
            ["code"] = "invalid_api_key",
        },
    }.ToJsonString();

    /// <summary>A text stream: created, deltas, done events, then response.completed carrying usage.</summary>
    public static string TextStream(string id, params string[] deltas)
    {
        var text = string.Concat(deltas);
        var events = new List<(string Type, JsonObject Data)>
        {
            ("response.created", new JsonObject { ["response"] = ResponseObject(id, "in_progress", [], null) }),
            ("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = new JsonObject { ["type"] = "message", ["id"] = "msg_s1", ["status"] = "in_progress", ["role"] = "assistant", ["content"] = new JsonArray() } }),
        };
        events.AddRange(deltas.Select(delta => ("response.output_text.delta", new JsonObject { ["item_id"] = "msg_s1", ["output_index"] = 0, ["content_index"] = 0, ["delta"] = delta })));
        events.Add(("response.output_text.done", new JsonObject { ["item_id"] = "msg_s1", ["output_index"] = 0, ["content_index"] = 0, ["text"] = text }));
        events.Add(("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = Message(text, "msg_s1") }));
        events.Add(("response.completed", new JsonObject { ["response"] = ResponseObject(id, "completed", new JsonArray(Message(text, "msg_s1")), Usage(input: 30, output: 12, cached: 0, reasoning: 0)) }));
        return Sse(events);
    }

    /// <summary>A stream that sends some text, then an <c>error</c> event (OpenAI's nested shape), and ends with no terminal event.</summary>
    public static string StreamWithErrorMidway(string id, string errorMessage, params string[] deltas)
    {
        var events = new List<(string Type, JsonObject Data)>
        {
            ("response.created", new JsonObject { ["response"] = ResponseObject(id, "in_progress", [], null) }),
            ("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = new JsonObject { ["type"] = "message", ["id"] = "msg_e1", ["status"] = "in_progress", ["role"] = "assistant", ["content"] = new JsonArray() } }),
        };
        events.AddRange(deltas.Select(delta => ("response.output_text.delta", new JsonObject { ["item_id"] = "msg_e1", ["output_index"] = 0, ["content_index"] = 0, ["delta"] = delta })));
        events.Add(("error", new JsonObject { ["error"] = new JsonObject { ["type"] = "server_error", ["code"] = "server_error", ["message"] = errorMessage, ["param"] = null } }));
        return Sse(events);
    }

    private static string Sse(IEnumerable<(string Type, JsonObject Data)> events)
    {
        var builder = new StringBuilder();
        var sequence = 0;
        foreach (var (type, data) in events)
        {
            var payload = new JsonObject { ["type"] = type, ["sequence_number"] = sequence++ };
            foreach (var (key, value) in data)
                payload[key] = value?.DeepClone();
            builder.Append("event: ").Append(type).Append('\n');
            builder.Append("data: ").Append(payload.ToJsonString()).Append("\n\n");
        }

        return builder.ToString();
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
