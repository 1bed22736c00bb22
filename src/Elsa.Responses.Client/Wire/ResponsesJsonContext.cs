using System.Text.Json;
using System.Text.Json.Serialization;

namespace Elsa.Responses.Client.Wire;

/// <summary>The one source-generated serializer context for every wire type: web defaults, nulls omitted.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CreateResponseBody))]
[JsonSerializable(typeof(WireMessageInput))]
[JsonSerializable(typeof(WireFunctionCallInput))]
[JsonSerializable(typeof(WireFunctionCallOutputInput))]
[JsonSerializable(typeof(WireFunctionTool))]
[JsonSerializable(typeof(WireNamedFunctionChoice))]
[JsonSerializable(typeof(WireNestedFunctionChoice))]
[JsonSerializable(typeof(WireResponse))]
[JsonSerializable(typeof(WireModelList))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(JsonElement[]))]
internal sealed partial class ResponsesJsonContext : JsonSerializerContext;
