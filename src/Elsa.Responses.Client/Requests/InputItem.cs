using System.Text.Json;
using Elsa.Responses.Client.Wire;

namespace Elsa.Responses.Client.Requests;

/// <summary>
/// One item of a list <c>input</c>: a role message, a <c>function_call</c>, a <c>function_call_output</c>, or any other
/// item (for example a reasoning item from an earlier response) kept as the JSON the server sent.
/// </summary>
/// <remarks>
/// Items are held as JSON so that a response's output items can be sent back verbatim in the next turn; the validator
/// checks the shapes it knows.
/// </remarks>
public sealed class InputItem
{
    private InputItem(JsonElement json) => Json = json;

    /// <summary>The item as it is sent.</summary>
    public JsonElement Json { get; }

    /// <summary>Wraps an item that is already JSON. It is validated with the request, not here.</summary>
    public static InputItem FromJson(JsonElement json) => new(json.Clone());

    /// <summary>A role message with text content. Roles: <c>user</c>, <c>system</c>, <c>developer</c>, <c>assistant</c>, <c>tool</c>.</summary>
    public static InputItem Message(string role, string text) =>
        new(JsonSerializer.SerializeToElement(new WireMessageInput { Role = role, Content = text }, ResponsesJsonContext.Default.WireMessageInput));

    /// <summary>A <c>function_call</c> item, as the model produced it, to replay a conversation.</summary>
    public static InputItem FunctionCall(string callId, string name, string arguments) =>
        new(JsonSerializer.SerializeToElement(new WireFunctionCallInput { CallId = callId, Name = name, Arguments = arguments }, ResponsesJsonContext.Default.WireFunctionCallInput));

    /// <summary>A <c>function_call_output</c> item: the result of the tool call with the same <paramref name="callId"/>.</summary>
    public static InputItem FunctionCallOutput(string callId, string output) =>
        new(JsonSerializer.SerializeToElement(new WireFunctionCallOutputInput { CallId = callId, Output = output }, ResponsesJsonContext.Default.WireFunctionCallOutputInput));
}
