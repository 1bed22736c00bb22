using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Tests.TestSupport;

namespace Elsa.Responses.Client.Tests.Conformance;

/// <summary>Every recorded HTTP error body becomes a typed <see cref="ResponsesApiException"/> with the server's own fields.</summary>
public sealed partial class HttpErrorBodyConformanceTests
{
    [FixtureTheory]
    [MemberData(nameof(FixtureCatalog.HttpErrorBodies), MemberType = typeof(FixtureCatalog))]
    public async Task CreateAsync_HttpErrorFixture_SurfacesServerErrorFields(string file)
    {
        var body = File.ReadAllText(FixtureLocation.PathOf(file));
        // The status is in the recorded file name (….401.response.json); Vercel's bodies carry none, so serve them as 400.
        var status = StatusInName().Match(file) is { Success: true } match ? int.Parse(match.Groups[1].Value) : 400;
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        await using var server = FakeServer.Json(body, status);
        using var host = TestClients.ViaServices(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.MaxRetryAttempts = 0;
        });

        var exception = await Assert.ThrowsAsync<ResponsesApiException>(() => host.Client.CreateAsync(SampleRequests.Text()));

        Assert.Equal((HttpStatusCode)status, exception.StatusCode);
        Assert.Equal(error.GetProperty("message").GetString(), exception.Error.Message);
        Assert.Equal(Text(error, "type"), exception.Error.Type);
        Assert.Equal(Text(error, "code"), exception.Error.Code);
        Assert.Equal(body, exception.RawBody);
        Assert.Contains(error.GetProperty("message").GetString()!, exception.Message);
    }

    private static string? Text(JsonElement error, string name) => error.TryGetProperty(name, out var value) ? value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    } : null;

    [GeneratedRegex(@"\.(\d{3})\.response\.json$")]
    private static partial Regex StatusInName();
}
