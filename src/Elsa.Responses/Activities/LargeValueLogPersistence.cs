using Elsa.Responses.Client.Requests;
using Elsa.Responses.Options;
using Elsa.Workflows;
using Elsa.Workflows.LogPersistence;
using Elsa.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Activities;

// Elsa copies every input and output of a run into its activity execution record (the journal). Three values are large
// and say nothing the other outputs do not: the raw Response (the body again, as an escaped string), the Conversation
// output (every item so far), and an Input that is a list of items (the conversation a tool loop sends again on each
// turn, which made a loop's records grow with the square of its turns). Unless the module keeps them
// (ResponsesModuleOptions.PersistConversation, PersistRawResponse), they are excluded from the record through Elsa's
// own log persistence map, which the runtime evaluates before the activity runs and reads when it records the run. Only
// the record changes: the outputs reach the workflow, its variables and the next activities as before, and what the
// Test tab and the instance viewer show (Text, Usage, Status, ToolCalls, Error; a text prompt) is kept.
internal static class LargeValueLogPersistence
{
    public static void Apply(ActivityExecutionContext context, ResponseRequest request)
    {
        // No map: the activity runs outside Elsa's runtime pipeline (ActivityTestFixture), and nothing is recorded.
        if (!context.HasLogPersistenceModeMap())
            return;

        var options = context.GetRequiredService<IOptions<ResponsesModuleOptions>>().Value;
        var map = context.GetLogPersistenceModeMap();
        if (!options.PersistConversation)
        {
            if (request.Input?.Items is not null)
                map.Inputs[nameof(ResponseActivity.Input)] = LogPersistenceMode.Exclude;
            map.Outputs[nameof(ResponseActivity.Conversation)] = LogPersistenceMode.Exclude;
        }

        if (!options.PersistRawResponse && context.Activity is CreateResponse)
            map.Outputs[nameof(CreateResponse.Response)] = LogPersistenceMode.Exclude;
    }
}
