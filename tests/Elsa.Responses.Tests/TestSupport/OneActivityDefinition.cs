using System.Text.Json.Nodes;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>
/// A workflow definition in the JSON Studio exports: a flowchart (id <c>flowchart</c>) holding one activity, whose inputs
/// are literals. The compatibility and agent tests build their workflows with it and import them like any file.
/// </summary>
public static class OneActivityDefinition
{
    /// <summary>An input holding a literal, as Studio writes it.</summary>
    public static JsonObject Literal(string typeName, string value) => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value },
    };

    /// <summary>The activity node: its inputs plus the id, type and designer fields every node has.</summary>
    public static JsonObject Activity(string id, string name, string type, JsonObject inputs)
    {
        var activity = (JsonObject)inputs.DeepClone();
        activity["id"] = id;
        activity["nodeId"] = $"Workflow1:flowchart:{id}";
        activity["name"] = name;
        activity["type"] = type;
        activity["version"] = 1;
        activity["customProperties"] = new JsonObject();
        activity["metadata"] = new JsonObject();
        return activity;
    }

    public static JsonObject Create(string definitionId, string name, JsonObject activity) => new()
    {
        ["id"] = Guid.NewGuid().ToString("N"),
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["version"] = 1,
        ["toolVersion"] = "3.7.1.0",
        ["variables"] = new JsonArray(),
        ["inputs"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
        ["outcomes"] = new JsonArray(),
        ["customProperties"] = new JsonObject(),
        ["isReadonly"] = false,
        ["isSystem"] = false,
        ["isLatest"] = true,
        ["isPublished"] = false,
        ["options"] = new JsonObject { ["autoUpdateConsumingWorkflows"] = false },
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart",
            ["nodeId"] = "Workflow1:flowchart",
            ["name"] = "Flowchart1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["activities"] = new JsonArray(activity),
            ["connections"] = new JsonArray(),
        },
    };
}
