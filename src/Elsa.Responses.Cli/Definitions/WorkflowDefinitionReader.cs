using System.Text.Json;

namespace Elsa.Responses.Cli.Definitions;

// Finds a Create Response activity in Elsa 3 workflow definition JSON (as Studio exports it) without referencing Elsa:
// activities nest under "root" (a Flowchart's "activities", a Sequence's, a branch's …), so the whole tree is searched.
internal static class WorkflowDefinitionReader
{
    public const string Flag = "--definition";
    public const string ActivityType = "Elsa.Responses.CreateResponse";

    public static ActivityRequest Read(string path, string activityId)
    {
        using var document = InputFiles.ReadJson(path, Flag);
        var activities = new List<JsonElement>();
        Collect(document.RootElement, activities);

        // Match the id first; the name (such as CreateResponse1) is a convenience when it is unique.
        var matches = activities.Where(a => StringOf(a, "id") == activityId).ToList();
        if (matches.Count == 0)
            matches = activities.Where(a => StringOf(a, "name") == activityId).ToList();

        if (matches.Count == 0)
        {
            var known = activities.Where(IsCreateResponse).Select(Describe).ToList();
            throw new CliInputException(known.Count == 0
                ? $"the {Flag} file '{path}' has no activity '{activityId}', and no {ActivityType} activity at all"
                : $"the {Flag} file '{path}' has no activity '{activityId}'; its {ActivityType} activities are: {string.Join(", ", known)}");
        }

        if (matches.Count > 1)
            throw new CliInputException($"more than one activity in '{path}' is named '{activityId}'; give its id: {string.Join(", ", matches.Select(Describe))}");

        var activity = matches[0];
        if (!IsCreateResponse(activity))
            throw new CliInputException($"activity '{activityId}' in '{path}' is a {StringOf(activity, "type")}, not an {ActivityType}");

        return ActivityInputReader.Read(activity, StringOf(activity, "id") ?? activityId);
    }

    // Every object with a string "type" and an "id" or "name" is taken for an activity.
    private static void Collect(JsonElement element, List<JsonElement> activities)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (StringOf(element, "type") is not null && (StringOf(element, "id") ?? StringOf(element, "name")) is not null)
                    activities.Add(element);
                foreach (var property in element.EnumerateObject())
                    Collect(property.Value, activities);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Collect(item, activities);
                break;
        }
    }

    private static bool IsCreateResponse(JsonElement activity) => StringOf(activity, "type") == ActivityType;

    private static string Describe(JsonElement activity) =>
        StringOf(activity, "name") is { } name ? $"{StringOf(activity, "id")} ({name})" : StringOf(activity, "id") ?? "?";

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
