using Elsa.Mediator.Contracts;
using Elsa.Responses.Activities;
using Elsa.Workflows;
using Elsa.Workflows.Helpers;
using Elsa.Workflows.Notifications;
using Elsa.Workflows.Runtime;

namespace Elsa.Responses.Agents;

// When a tool workflow that suspended finishes (after an approval, an event, a timer, a restart), this queues the
// resumption of the Run Agent that started it, as Elsa's own ResumeExecuteWorkflowActivity does for ExecuteWorkflow.
// The bookmark queue keeps the item until the agent's bookmark is stored, so an early finish is not lost. A tool that
// finished at once is read by the agent directly; its queue item finds no bookmark and is purged.
internal sealed class ResumeRunAgentOnToolFinished(IBookmarkQueue bookmarkQueue, IStimulusHasher stimulusHasher) : INotificationHandler<WorkflowExecuted>
{
    internal static readonly string ActivityTypeName = ActivityTypeNameHelper.GenerateTypeName<RunAgent>();

    public async Task HandleAsync(WorkflowExecuted notification, CancellationToken cancellationToken)
    {
        var state = notification.WorkflowState;
        if (state.Status != WorkflowStatus.Finished || !state.Properties.TryGetValue(ToolWorkflowLink.ParentInstanceIdProperty, out var parent))
            return;

        var input = new Dictionary<string, object>
        {
            [ToolWorkflowLink.ChildInstanceIdInput] = state.Id,
            [ToolWorkflowLink.SubStatusInput] = state.SubStatus.ToString(),
            [ToolWorkflowLink.OutputInput] = ToolWorkflowRunner.OutputOf(state),
        };
        if (ToolWorkflowRunner.ErrorOf(state) is { } error)
            input[ToolWorkflowLink.ErrorInput] = error;

        await bookmarkQueue.EnqueueAsync(new NewBookmarkQueueItem
        {
            WorkflowInstanceId = parent.ToString(),
            ActivityTypeName = ActivityTypeName,
            StimulusHash = stimulusHasher.Hash(ActivityTypeName, new ToolWorkflowStimulus(state.Id)),
            Options = new() { Input = input },
        }, cancellationToken);
    }
}
