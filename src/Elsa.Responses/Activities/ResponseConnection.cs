using Elsa.Responses.Client;
using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Activities;

// A connection as an activity uses it: its client, the token budget per workflow instance it sets (null for none), and
// the model used when the activity's Model input is empty (null for none).
internal sealed record ResponseConnection(IResponsesClient Client, long? MaxTokensPerWorkflowInstance, string? DefaultModel)
{
    /// <summary>Names the connection's default model in a request that names none.</summary>
    public void ApplyDefaultModel(ResponseRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model) && !string.IsNullOrWhiteSpace(DefaultModel))
            request.Model = DefaultModel;
    }
}
