using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Streaming;

/// <summary>Helpers over a stream of <see cref="ResponseUpdate"/>s.</summary>
public static class ResponseUpdateExtensions
{
    /// <summary>Reads the stream to its end and returns the aggregated result.</summary>
    /// <exception cref="Errors.ResponsesApiException">The stream failed; its <c>Partial</c> holds what arrived.</exception>
    public static async Task<ResponseResult> ToResultAsync(this IAsyncEnumerable<ResponseUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (update.Kind == ResponseUpdateKind.Completed)
                return update.Result!;
        }

        throw new InvalidOperationException("The update stream ended without a Completed update.");
    }
}
