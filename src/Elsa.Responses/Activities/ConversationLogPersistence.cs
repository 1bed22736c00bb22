using Elsa.Responses.Client.Requests;
using Elsa.Responses.Options;
using Elsa.Workflows;
using Elsa.Workflows.LogPersistence;
using Elsa.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Activities;

// A tool loop sends the whole conversation again on every turn: as the Input, and back as the Conversation output. Elsa
// copies every input and output of a run into its activity execution record (the journal), so each record would repeat
// every turn before it, and the records of a loop would grow with the square of its turns. Unless the module persists
// them (ResponsesModuleOptions.PersistConversation), an Input that is a list of items and the Conversation output are
// excluded from the record through Elsa's own log persistence map, which the runtime evaluates before the activity runs
// and reads when it records the run. Only the record changes: the outputs reach the workflow, its variables and the
// next activities as before, and a text prompt (small, and what a reader of the journal looks for) is kept.
internal static class ConversationLogPersistence
{
    public static void Apply(ActivityExecutionContext context, ResponseRequest request)
    {
        // No map: the activity runs outside Elsa's runtime pipeline (ActivityTestFixture), and nothing is recorded.
        if (request.Input?.Items is null || !context.HasLogPersistenceModeMap())
            return;
        if (context.GetRequiredService<IOptions<ResponsesModuleOptions>>().Value.PersistConversation)
            return;

        var map = context.GetLogPersistenceModeMap();
        map.Inputs[nameof(ResponseActivity.Input)] = LogPersistenceMode.Exclude;
        map.Outputs[nameof(ResponseActivity.Conversation)] = LogPersistenceMode.Exclude;
    }
}
