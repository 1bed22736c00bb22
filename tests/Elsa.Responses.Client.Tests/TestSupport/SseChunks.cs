namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>The start of a stream that has delivered "Partial answer" and no terminal event.</summary>
internal static class SseChunks
{
    public const string Created = "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_cut\",\"status\":\"in_progress\",\"output\":[]}}\n\n";

    public static string TextDelta(string delta) =>
        $"event: response.output_text.delta\ndata: {{\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"{delta}\"}}\n\n";

    public static string PartialAnswer => Created + TextDelta("Partial ") + TextDelta("answer");
}
