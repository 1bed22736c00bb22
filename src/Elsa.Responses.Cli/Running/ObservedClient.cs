using System.Runtime.CompilerServices;
using Elsa.Responses.Cli.Output;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;

namespace Elsa.Responses.Cli.Running;

// The client as CreateStructuredAsync sees it, with the writer looking on: every streamed update but the last goes to
// the writer as it arrives, and each call after the first (a repair) is announced with the answer that failed.
internal sealed class ObservedClient(IResponsesClient inner, IReportWriter writer, int maxAttempts) : IResponsesClient
{
    private ResponseResult? _last;
    private int _attempt;

    public async Task<ResponseResult> CreateAsync(ResponseRequest request, CancellationToken cancellationToken = default)
    {
        Starting();
        return _last = await inner.CreateAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ResponseUpdate> StreamAsync(ResponseRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Starting();
        await foreach (var update in inner.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (update.Kind == ResponseUpdateKind.Completed)
                _last = update.Result;
            else
                writer.WriteDelta(update);
            yield return update;
        }
    }

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) => inner.ListModelsAsync(cancellationToken);

    private void Starting()
    {
        _attempt++;
        if (_attempt > 1 && _last is not null)
            writer.WriteRepair(_last, _attempt, maxAttempts);
    }
}
