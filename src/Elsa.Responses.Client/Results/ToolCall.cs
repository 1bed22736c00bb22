namespace Elsa.Responses.Client.Results;

/// <summary>A function call the model asks for. Send its result back as a <c>function_call_output</c> with the same <see cref="CallId"/>.</summary>
/// <param name="CallId">The id that ties the result to this call (not the item id, which some servers change).</param>
/// <param name="Name">The function's name.</param>
/// <param name="Arguments">The arguments as the raw JSON text the model wrote; it may be invalid JSON.</param>
public sealed record ToolCall(string CallId, string Name, string Arguments);
