namespace Elsa.Responses.Client.Agents;

/// <summary>One parameter of a function tool that the caller runs itself, such as an input of a workflow.</summary>
/// <param name="Name">The argument's name, as the model writes it.</param>
/// <param name="Type">The .NET type the argument is converted to.</param>
/// <param name="Description">Shown to the model as the property's description; empty for none.</param>
public sealed record ToolParameter(string Name, Type Type, string? Description = null);
