using Elsa.Responses.Client.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Responses.Client.Tests.DependencyInjection;

/// <summary>Clients are asked for by connection name; a wrong name fails clearly instead of falling back to defaults.</summary>
public sealed class ConnectionNameTests
{
    [Fact]
    public void CreateClient_UnknownName_ArgumentExceptionListingConfiguredNames()
    {
        var services = new ServiceCollection();
        services.AddResponsesClient("openai");
        services.AddResponsesClient("digitalocean");
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IResponsesClientFactory>().CreateClient("ollama"));

        Assert.Equal("connectionName", exception.ParamName);
        Assert.StartsWith("No Responses connection is named 'ollama'. Configured: digitalocean, openai.", exception.Message);
    }

    [Fact]
    public async Task CreateClient_NameInOtherCase_UsesThatConnectionsOptions()
    {
        await using var server = FakeServer.Json(FakeServer.CompletedBody);
        var services = new ServiceCollection();
        services.AddResponsesClient("DigitalOcean", o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.ApiKey = "sk-do";
        });
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IResponsesClientFactory>().CreateClient("digitalocean");
        await client.CreateAsync(SampleRequests.Text());

        var entry = Assert.Single(server.Requests);
        Assert.Equal("Bearer sk-do", entry.Header("Authorization"));
    }
}
