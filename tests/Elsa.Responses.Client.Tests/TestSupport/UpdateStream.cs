using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>An update reduced to comparable values.</summary>
internal sealed record UpdateView(ResponseUpdateKind Kind, string Delta, int OutputIndex, string? CallId, string? ToolName);

/// <summary>Reads a body through <see cref="IResponsesClient.StreamAsync"/>, in the given chunks.</summary>
internal static class UpdateStream
{
    /// <summary>The deltas (the final Completed update excluded) and the result it carried.</summary>
    public static async Task<(IReadOnlyList<UpdateView> Updates, ResponseResult Result)> ReadAsync(IReadOnlyList<byte[]> chunks)
    {
        var updates = await TestClients.Direct(ReplayHandler.Sse(chunks)).StreamAsync(SampleRequests.Text()).ToListAsync();
        Assert.Equal(ResponseUpdateKind.Completed, updates[^1].Kind);
        return (updates.SkipLast(1).Select(View).ToArray(), updates[^1].Result!);
    }

    public static UpdateView View(ResponseUpdate update) => new(update.Kind, update.Delta, update.OutputIndex, update.CallId, update.ToolName);
}
