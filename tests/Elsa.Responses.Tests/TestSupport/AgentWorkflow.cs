using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>
/// A workflow definition (JSON, as Studio exports it) whose flowchart holds one Run Agent, id <c>agent</c>, with the
/// given inputs as literals. Tests import it like any definition and run it through Elsa's runtime.
/// </summary>
public static class AgentWorkflow
{
    public const string ActivityId = "agent";

    public static JsonObject Literal(string typeName, object value) => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value is string s ? s : JsonSerializer.Serialize(value) },
    };

    /// <summary>The usual inputs: the model, a prompt, and the tool workflows by definition id.</summary>
    public static JsonObject Inputs(string prompt, params string[] toolWorkflows) => new()
    {
        ["model"] = Literal("String", ResponseBodies.Model),
        ["input"] = Literal("Object", prompt),
        ["toolWorkflows"] = Literal("String[]", JsonSerializer.Serialize(toolWorkflows)),
    };

    public static string Json(string definitionId, JsonObject inputs)
    {
        var activity = (JsonObject)inputs.DeepClone();
        activity["id"] = ActivityId;
        activity["nodeId"] = $"Workflow1:agent-flowchart:{ActivityId}";
        activity["name"] = "Agent";
        activity["type"] = "Elsa.Responses.RunAgent";
        activity["version"] = 1;
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = false, ["runAsynchronously"] = false };
        activity["metadata"] = new JsonObject();
        var definition = new JsonObject
        {
            ["id"] = definitionId + "-v1",
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["version"] = 1,
            ["toolVersion"] = "3.7.1.0",
            ["variables"] = new JsonArray(),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["isLatest"] = true,
            ["isPublished"] = true,
            ["root"] = new JsonObject
            {
                ["id"] = "agent-flowchart",
                ["nodeId"] = "Workflow1:agent-flowchart",
                ["name"] = "Flowchart1",
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["activities"] = new JsonArray(activity),
                ["connections"] = new JsonArray(),
            },
        };
        return definition.ToJsonString();
    }
}
