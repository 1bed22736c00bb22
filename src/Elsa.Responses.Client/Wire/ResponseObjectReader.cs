using System.Text.Json;
using static Elsa.Responses.Client.Wire.WireReader;

namespace Elsa.Responses.Client.Wire;

// Reads a response object (and the items, parts, usage and error inside it) into the wire types. A stream brings three
// response objects (created, in_progress, the terminal one) and an item or part in most other events; System.Text.Json's
// metadata-driven reader took about twice as long as parsing the same bytes into a JsonDocument, mostly on members the
// client never reads (a response object repeats the whole request). Only the members the mappers use are read.
internal static class ResponseObjectReader
{
    public static readonly ObjectReader<WireContentPart> ContentPart = new(
        () => new WireContentPart(),
        ("type", (ref Utf8JsonReader r, WireContentPart x) => x.Type = ReadString(ref r)),
        ("text", (ref Utf8JsonReader r, WireContentPart x) => x.Text = ReadString(ref r)),
        ("refusal", (ref Utf8JsonReader r, WireContentPart x) => x.Refusal = ReadString(ref r)));

    public static readonly ObjectReader<WireOutputItem> OutputItem = new(
        () => new WireOutputItem(),
        ("type", (ref Utf8JsonReader r, WireOutputItem x) => x.Type = ReadString(ref r)),
        ("id", (ref Utf8JsonReader r, WireOutputItem x) => x.Id = ReadString(ref r)),
        ("status", (ref Utf8JsonReader r, WireOutputItem x) => x.Status = ReadString(ref r)),
        ("role", (ref Utf8JsonReader r, WireOutputItem x) => x.Role = ReadString(ref r)),
        ("call_id", (ref Utf8JsonReader r, WireOutputItem x) => x.CallId = ReadString(ref r)),
        ("name", (ref Utf8JsonReader r, WireOutputItem x) => x.Name = ReadString(ref r)),
        ("arguments", (ref Utf8JsonReader r, WireOutputItem x) => x.Arguments = ReadJsonText(ref r)),
        ("content", (ref Utf8JsonReader r, WireOutputItem x) => x.Content = ReadList(ref r, ContentPart)),
        ("summary", (ref Utf8JsonReader r, WireOutputItem x) => x.Summary = ReadList(ref r, ContentPart)));

    private static readonly ObjectReader<WireTokenDetails> TokenDetails = new(
        () => new WireTokenDetails(),
        ("cached_tokens", (ref Utf8JsonReader r, WireTokenDetails x) => x.CachedTokens = ReadLong(ref r)),
        ("reasoning_tokens", (ref Utf8JsonReader r, WireTokenDetails x) => x.ReasoningTokens = ReadLong(ref r)));

    public static readonly ObjectReader<WireUsage> Usage = new(
        () => new WireUsage(),
        ("input_tokens", (ref Utf8JsonReader r, WireUsage x) => x.InputTokens = ReadLong(ref r)),
        ("output_tokens", (ref Utf8JsonReader r, WireUsage x) => x.OutputTokens = ReadLong(ref r)),
        ("total_tokens", (ref Utf8JsonReader r, WireUsage x) => x.TotalTokens = ReadLong(ref r)),
        ("input_tokens_details", (ref Utf8JsonReader r, WireUsage x) => x.InputTokensDetails = TokenDetails.Read(ref r)),
        ("output_tokens_details", (ref Utf8JsonReader r, WireUsage x) => x.OutputTokensDetails = TokenDetails.Read(ref r)),
        ("prompt_tokens", (ref Utf8JsonReader r, WireUsage x) => x.PromptTokens = ReadLong(ref r)),
        ("completion_tokens", (ref Utf8JsonReader r, WireUsage x) => x.CompletionTokens = ReadLong(ref r)),
        ("prompt_tokens_details", (ref Utf8JsonReader r, WireUsage x) => x.PromptTokensDetails = TokenDetails.Read(ref r)),
        ("completion_tokens_details", (ref Utf8JsonReader r, WireUsage x) => x.CompletionTokensDetails = TokenDetails.Read(ref r)));

    private static readonly ObjectReader<WireIncompleteDetails> IncompleteDetails = new(
        () => new WireIncompleteDetails(),
        ("reason", (ref Utf8JsonReader r, WireIncompleteDetails x) => x.Reason = ReadString(ref r)));

    public static readonly ObjectReader<WireError> Error = new(
        () => new WireError(),
        ("type", (ref Utf8JsonReader r, WireError x) => x.Type = ReadString(ref r)),
        ("code", (ref Utf8JsonReader r, WireError x) => x.Code = ReadScalarText(ref r)),
        ("message", (ref Utf8JsonReader r, WireError x) => x.Message = ReadString(ref r)),
        ("param", (ref Utf8JsonReader r, WireError x) => x.Param = ReadScalarText(ref r)));

    // What a stream's created and in_progress events are read for: the id, the model, the creation time.
    private static readonly (string, ReadMember<WireResponse>)[] HeaderMembers =
    [
        ("id", (ref Utf8JsonReader r, WireResponse x) => x.Id = ReadString(ref r)),
        ("model", (ref Utf8JsonReader r, WireResponse x) => x.Model = ReadString(ref r)),
        ("created_at", (ref Utf8JsonReader r, WireResponse x) => x.CreatedAt = ReadDouble(ref r)),
        ("created", (ref Utf8JsonReader r, WireResponse x) => x.Created = ReadDouble(ref r)),
    ];

    /// <summary>A whole response object: what the mappers turn into a result.</summary>
    public static readonly ObjectReader<WireResponse> Response = new(
        () => new WireResponse(),
        [
            .. HeaderMembers,
            ("status", (ref Utf8JsonReader r, WireResponse x) => x.Status = ReadString(ref r)),
            ("output", (ref Utf8JsonReader r, WireResponse x) => x.Output = ReadList(ref r, OutputItem)),
            ("usage", (ref Utf8JsonReader r, WireResponse x) => x.Usage = Usage.Read(ref r)),
            ("incomplete_details", (ref Utf8JsonReader r, WireResponse x) => x.IncompleteDetails = IncompleteDetails.Read(ref r)),
            ("error", (ref Utf8JsonReader r, WireResponse x) => x.Error = Error.Read(ref r)),
        ]);

    /// <summary>
    /// Only the header of a response object (<see cref="HeaderMembers"/>); the rest, the request repeated, is skipped
    /// without being read into objects.
    /// </summary>
    public static readonly ObjectReader<WireResponse> ResponseHeader = new(() => new WireResponse(), HeaderMembers);
}
