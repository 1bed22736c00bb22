namespace Elsa.Responses.Client.Telemetry;

// The attribute names of the OpenTelemetry GenAI semantic conventions (v1.41) that the client and the agent set.
internal static class GenAiAttributes
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string RequestTemperature = "gen_ai.request.temperature";
    public const string RequestTopP = "gen_ai.request.top_p";
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";
    public const string RequestStopSequences = "gen_ai.request.stop_sequences";
    public const string RequestStream = "gen_ai.request.stream";
    public const string ResponseId = "gen_ai.response.id";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
    public const string UsageInputTokens = "gen_ai.usage.input_tokens";
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
    public const string UsageCacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
    public const string UsageReasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens";
    public const string TokenType = "gen_ai.token.type";
    public const string AgentName = "gen_ai.agent.name";
    public const string ToolName = "gen_ai.tool.name";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolType = "gen_ai.tool.type";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string SystemInstructions = "gen_ai.system_instructions";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";
    public const string HttpResponseStatusCode = "http.response.status_code";

    public const string Chat = "chat";
    public const string InvokeAgent = "invoke_agent";
    public const string ExecuteTool = "execute_tool";
}
