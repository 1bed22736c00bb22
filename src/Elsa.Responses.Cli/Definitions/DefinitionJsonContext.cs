using System.Text.Json.Serialization;

namespace Elsa.Responses.Cli.Definitions;

// The few typed reads of literal values in a workflow definition.
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DefinitionJsonContext : JsonSerializerContext;
