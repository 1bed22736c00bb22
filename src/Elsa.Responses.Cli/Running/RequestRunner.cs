using Elsa.Responses.Cli.Output;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Cli.Running;

// Sends one request: streamed when the request says so (handing each text delta to the writer), otherwise whole.
internal static class RequestRunner
{
    public static async Task<RunOutcome> RunAsync(IResponsesClient client, ResponseRequest request, IReportWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            if (!request.Stream)
                return RunOutcome.Of(await client.CreateAsync(request, cancellationToken).ConfigureAwait(false));

            await foreach (var update in client.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (update.Kind == ResponseUpdateKind.Completed)
                    return RunOutcome.Of(update.Result!);
                writer.WriteDelta(update);
            }

            throw new InvalidOperationException("The update stream ended without a Completed update.");
        }
        catch (ResponsesApiException exception)
        {
            return RunOutcome.Of(exception);
        }
    }
}
