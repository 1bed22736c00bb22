using Elsa.Responses.Cli.Output;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Structured;

namespace Elsa.Responses.Cli.Running;

// Sends one request as the activity does, through CreateStructuredAsync: streamed when the request says so, and sent
// again while the answer fails its schema. Each text delta and each repair is handed to the writer as it happens.
internal static class RequestRunner
{
    public static async Task<RunOutcome> RunAsync(IResponsesClient client, ResponseRequest request, int repairAttempts, IReportWriter writer,
        CancellationToken cancellationToken)
    {
        try
        {
            var observed = new ObservedClient(client, writer, repairAttempts + 1);
            return RunOutcome.Of(await observed.CreateStructuredAsync(request, repairAttempts, cancellationToken).ConfigureAwait(false));
        }
        catch (ResponsesApiException exception)
        {
            return RunOutcome.Of(exception);
        }
    }
}
