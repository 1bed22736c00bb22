using System.Net;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Errors;

/// <summary>An exception's message says the status once: a numeric <c>code</c> that repeats it is not added again.</summary>
public sealed class ErrorMessageTests
{
    [Fact]
    public async Task CreateAsync_NumericCodeRepeatingTheStatus_MessageNamesTheStatusOnce()
    {
        var client = TestClients.Direct(ReplayHandler.Json("""{"error":{"code":400,"message":"bad","type":"invalid_request_error"}}""", HttpStatusCode.BadRequest));

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => client.CreateAsync(SampleRequests.Text()));

        Assert.Equal("POST /v1/responses failed with HTTP 400 (BadRequest): invalid_request_error: bad", exception.Message);
        Assert.Equal("400", exception.Error.Code);
    }
}
