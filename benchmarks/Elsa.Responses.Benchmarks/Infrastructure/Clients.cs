using System.ClientModel;
using System.ClientModel.Primitives;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Requests;
using OpenAI.Responses;
using OurClient = Elsa.Responses.Client.Transport.ResponsesClient;
using SdkClient = OpenAI.Responses.ResponsesClient;
using SdkOptions = OpenAI.Responses.ResponsesClientOptions;

namespace Elsa.Responses.Benchmarks.Infrastructure;

/// <summary>The three contenders, each over its own HttpClient on a replay handler.</summary>
internal static class Clients
{
    public const string Model = "gpt-4o-mini";
    public const string Prompt = "Say hello and call the tools you need.";
    public static readonly Uri BaseUrl = new("https://replay.local");
    public static readonly Uri ResponsesUri = new("https://replay.local/v1/responses");

    /// <summary>What the floor posts: a request body of the same shape, serialized once.</summary>
    public static readonly byte[] FloorRequestBody = """{"model":"gpt-4o-mini","input":"Say hello and call the tools you need.","stream":true}"""u8.ToArray();

    /// <summary>Our client, built as the factory builds it but without the resilience handler (see docs/benchmarks.md).</summary>
    public static IResponsesClient Ours(ReplayHandler handler) =>
        new OurClient(Plain(handler), new Client.ResponsesClientOptions { BaseUrl = BaseUrl, ApiKey = "sk-benchmark", MaxRetryAttempts = 0 }, TimeProvider.System);

    public static ResponseRequest OurRequest(bool stream) => new() { Model = Model, Input = Prompt, Stream = stream };

    /// <summary>OpenAI's SDK with its own pipeline (retry and logging policies included), over an HttpClient on the replay handler.</summary>
    public static SdkClient Sdk(ReplayHandler handler) => new(
        new ApiKeyCredential("sk-benchmark"),
        new SdkOptions { Endpoint = new Uri(BaseUrl, "/v1"), Transport = new HttpClientPipelineTransport(Plain(handler)) });

    public static CreateResponseOptions SdkRequest(bool stream) =>
        new(Model, [ResponseItem.CreateUserMessageItem(Prompt)]) { StreamingEnabled = stream ? true : null };

    /// <summary>
    /// The HttpClient every contender uses. Its own timeout is off, as in the client AddResponsesClient registers (the
    /// deadline is the client's); it would otherwise start a timer per request in the floor and in the SDK too.
    /// </summary>
    public static HttpClient Plain(ReplayHandler handler) => new(handler) { Timeout = Timeout.InfiniteTimeSpan };
}
