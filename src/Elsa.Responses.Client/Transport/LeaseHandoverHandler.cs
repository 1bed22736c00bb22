using Polly;

namespace Elsa.Responses.Client.Transport;

// Inside the resilience handler, once per attempt: the response of an attempt that holds a concurrency lease takes the
// lease over (LeasedContent), so that a streamed call keeps its place until its stream is read, not only until its
// headers arrive. A response that is retried is disposed, and its place with it.
internal sealed class LeaseHandoverHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.GetResilienceContext() is { } context && context.Properties.TryGetValue(TransferableLease.Key, out var lease) && lease.HandOver())
            response.Content = new LeasedContent(response.Content, lease);
        return response;
    }
}
