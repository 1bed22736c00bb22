using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>
/// A workflow definition whose flowchart holds one Run Agent, id <c>agent</c>, with the given inputs as literals. Tests
/// import it like any definition and run it through Elsa's runtime.
/// </summary>
public static class AgentWorkflow
{
    public const string ActivityId = "agent";

    public static JsonObject Literal(string typeName, string value) => OneActivityDefinition.Literal(typeName, value);

    /// <summary>The usual inputs: the model, a prompt, and the tool workflows by definition id.</summary>
    public static JsonObject Inputs(string prompt, params string[] toolWorkflows) => new()
    {
        ["model"] = Literal("String", ResponseBodies.Model),
        ["input"] = Literal("Object", prompt),
        ["toolWorkflows"] = Literal("String[]", JsonSerializer.Serialize(toolWorkflows)),
    };

    public static string Json(string definitionId, JsonObject inputs) =>
        OneActivityDefinition.Create(definitionId, definitionId, OneActivityDefinition.Activity(ActivityId, "Agent", "Elsa.Responses.RunAgent", inputs)).ToJsonString();
}
