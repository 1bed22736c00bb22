using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Elsa.Responses.Cli.Output;

// Source-generated serialization of the --json report: snake_case keys, nulls written (usage and error are always present).
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CliReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

// The report's type info with a relaxed encoder: model output is prose in any language, so keep it readable rather than
// \u-escaped. It goes to a terminal or a pipe, never into HTML.
internal static class CliJson
{
    private static readonly JsonSerializerOptions Options = new(CliJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonTypeInfo<CliReport> Report { get; } = (JsonTypeInfo<CliReport>)Options.GetTypeInfo(typeof(CliReport));
}
