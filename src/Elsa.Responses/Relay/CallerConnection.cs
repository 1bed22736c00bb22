using Microsoft.AspNetCore.Http;

namespace Elsa.Responses.Relay;

/// <summary>
/// The caller of an HTTP-triggered workflow, kept apart from the workflow's own cancellation. Elsa runs such a workflow
/// with the request's <see cref="HttpContext.RequestAborted"/>, so a caller who hangs up stops it mid-way, and it is left
/// Running. Until a relay claims the response, a disconnect still cancels the workflow as before; once claimed, it only
/// cancels the relayed call, which then takes <c>Failed</c> (<c>client_disconnected</c>) and the workflow goes on.
/// </summary>
internal sealed class CallerConnection : IDisposable
{
    private readonly CancellationTokenSource _workflow = new();
    private readonly CancellationTokenRegistration _registration;
    private volatile bool _claimed;

    public CallerConnection(CancellationToken requestAborted)
    {
        Gone = requestAborted;
        _registration = requestAborted.Register(static state => ((CallerConnection)state!).OnGone(), this);
    }

    /// <summary>Cancelled when the caller disconnects.</summary>
    public CancellationToken Gone { get; }

    /// <summary>The token the workflow runs with: cancelled by a disconnect only while no relay has claimed the response.</summary>
    public CancellationToken Workflow => _workflow.Token;

    /// <summary>A relay owns the response: from now on a disconnect is the relay's to report.</summary>
    public void Claim() => _claimed = true;

    public void Dispose()
    {
        _registration.Dispose();
        _workflow.Dispose();
    }

    private void OnGone()
    {
        if (_claimed)
            return;
        try
        {
            _workflow.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request has ended.
        }
    }
}
