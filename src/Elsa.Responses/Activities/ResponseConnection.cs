using Elsa.Responses.Client;

namespace Elsa.Responses.Activities;

// A connection as an activity uses it: its client, and the token budget per workflow instance it sets (null for none).
internal sealed record ResponseConnection(IResponsesClient Client, long? MaxTokensPerWorkflowInstance);
