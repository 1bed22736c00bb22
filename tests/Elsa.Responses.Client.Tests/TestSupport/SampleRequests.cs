using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>Small valid requests to start from.</summary>
internal static class SampleRequests
{
    public static ResponseRequest Text(bool stream = false) => new() { Model = "test-model", Input = "Say hello.", Stream = stream };
}
