using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Elsa.Responses.Client.Agents;

/// <summary>The source-generated serializer for an agent's persisted state and its tools' schemas.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentRun))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
