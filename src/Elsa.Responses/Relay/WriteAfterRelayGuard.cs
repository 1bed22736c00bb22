using Elsa.Http;
using Elsa.Workflows;
using Elsa.Workflows.Pipelines.ActivityExecution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elsa.Responses.Relay;

/// <summary>
/// Wraps Elsa's activity execution pipeline so that an HTTP Response activity (<see cref="WriteHttpResponse"/>) that runs
/// after a relay has started the response does not throw (its status code can no longer be set, and Elsa would fault the
/// workflow): it completes with an error in the journal instead. The pipeline runs as usual; only the activity's body is
/// replaced, through Elsa's own <see cref="WorkflowExecutionContext.ExecuteDelegate"/>.
/// </summary>
internal sealed class WriteAfterRelayGuard(IActivityExecutionPipeline inner) : IActivityExecutionPipeline
{
    public const string Message =
        "The HTTP response was already sent as a relayed event stream (RelayToHttpResponse), so this HTTP Response activity wrote nothing.";

    /// <inheritdoc />
    public ActivityMiddlewareDelegate Setup(Action<IActivityExecutionPipelineBuilder> setup) => inner.Setup(setup);

    /// <inheritdoc />
    public ActivityMiddlewareDelegate Pipeline => inner.Pipeline;

    /// <inheritdoc />
    public Task ExecuteAsync(ActivityExecutionContext context)
    {
        var workflow = context.WorkflowExecutionContext;
        if (context.Activity is WriteHttpResponse && workflow.ExecuteDelegate is null && HttpResponseRelay.HasRelayed(workflow))
            workflow.ExecuteDelegate = RefuseAsync;
        return inner.ExecuteAsync(context);
    }

    private static async ValueTask RefuseAsync(ActivityExecutionContext context)
    {
        context.GetRequiredService<ILogger<WriteAfterRelayGuard>>().LogWarning("{Activity}: {Message}", context.Activity.Id, Message);
        context.AddExecutionLogEntry("Error", Message);
        context.JournalData["Error"] = Message;
        await context.CompleteActivityAsync();
    }
}
