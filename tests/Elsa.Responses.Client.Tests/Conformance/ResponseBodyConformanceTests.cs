using System.Text.Json;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Conformance;

/// <summary>
/// Every recorded non-streaming Responses body, served by the fake server: the result equals the body's output and usage as
/// the test reads them; a <c>failed</c> body surfaces as <see cref="ResponsesApiException"/> with the partial result.
/// </summary>
public sealed class ResponseBodyConformanceTests
{
    [FixtureTheory]
    [MemberData(nameof(FixtureCatalog.ResponseBodies), MemberType = typeof(FixtureCatalog))]
    public async Task CreateAsync_ResponseBodyFixture_MatchesBodyOutputAndUsage(string file)
    {
        var body = File.ReadAllText(FixtureLocation.PathOf(file));
        using var document = JsonDocument.Parse(body);
        var expected = ExpectedResult.FromResponse(document.RootElement);
        await using var server = FakeServer.Json(body);
        using var host = TestClients.ViaServices(o => o.BaseUrl = server.BaseUrl);

        if (expected.Fails)
        {
            var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));
            Assert.Equal(ResponseStatus.Failed, exception.Partial.Status);
            Assert.Equal(expected.Text, exception.Partial.Text);
            if (expected.ErrorMessage is not null)
                Assert.Equal(expected.ErrorMessage, exception.Error.Message);
            return;
        }

        var result = await host.Client.CreateAsync(SampleRequests.Text());

        Assert.Equal(expected.Id, result.Id);
        ResultAssert.Matches(expected, result);
        Assert.Equal(document.RootElement.GetProperty("output").GetArrayLength(), result.OutputItems.Count);
    }
}
