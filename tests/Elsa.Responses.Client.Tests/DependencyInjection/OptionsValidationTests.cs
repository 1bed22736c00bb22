using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Client.Tests.DependencyInjection;

/// <summary>A badly configured connection stops the host at start-up, naming the connection and the setting.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string> BadOptions() => new()
    {
        { "relative BaseUrl", "Responses connection 'broken': BaseUrl must be an absolute http or https URL" },
        { "ftp BaseUrl", "Responses connection 'broken': BaseUrl must be an absolute http or https URL" },
        { "negative retries", "Responses connection 'broken': MaxRetryAttempts must be between 0 and 10" },
        { "eleven retries", "Responses connection 'broken': MaxRetryAttempts must be between 0 and 10" },
        { "negative retry delay", "Responses connection 'broken': RetryBaseDelay must be between 0 and MaxRetryDelay" },
        { "zero attempt timeout", "Responses connection 'broken': AttemptTimeout must be positive" },
        { "total below attempt", "Responses connection 'broken': TotalTimeout must be at least AttemptTimeout" },
        { "no BaseUrl", "Responses connection 'broken': BaseUrl is required (for DigitalOcean: https://inference.do-ai.run)" },
        { "key over plain http to a remote host", "Responses connection 'broken': BaseUrl sends the API key over plain http to models.example.com; use https, or set AllowInsecureHttp" },
        { "status code out of range", "Responses connection 'broken': RetryStatusCodes must be HTTP statuses from 100 to 599" },
        { "tiny event limit", "Responses connection 'broken': MaxEventBytes must be at least 1024" },
    };

    private static readonly Uri Valid = new("https://models.example.com");

    private static readonly Dictionary<string, Action<ResponsesClientOptions>> Changes = new()
    {
        ["no BaseUrl"] = _ => { },
        ["key over plain http to a remote host"] = o => (o.BaseUrl, o.ApiKey) = (new Uri("http://models.example.com"), "sk-a-real-looking-key"),
        ["status code out of range"] = o => (o.BaseUrl, o.RetryStatusCodes) = (Valid, [503, 42]),
        ["tiny event limit"] = o => (o.BaseUrl, o.MaxEventBytes) = (Valid, 10),
        ["relative BaseUrl"] = o => o.BaseUrl = new Uri("/v1", UriKind.Relative),
        ["ftp BaseUrl"] = o => o.BaseUrl = new Uri("ftp://models.example.com"),
        ["negative retries"] = o => (o.BaseUrl, o.MaxRetryAttempts) = (Valid, -1),
        ["eleven retries"] = o => (o.BaseUrl, o.MaxRetryAttempts) = (Valid, 11),
        ["negative retry delay"] = o => (o.BaseUrl, o.RetryBaseDelay) = (Valid, TimeSpan.FromSeconds(-1)),
        ["zero attempt timeout"] = o => (o.BaseUrl, o.AttemptTimeout) = (Valid, TimeSpan.Zero),
        ["total below attempt"] = o => (o.BaseUrl, o.TotalTimeout) = (Valid, TimeSpan.FromSeconds(1)),
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task StartAsync_InvalidConnectionOptions_FailsNamingConnectionAndRule(string change, string message)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddResponsesClient("good", o => o.BaseUrl = new Uri("http://localhost:8000"));
        builder.Services.AddResponsesClient("broken", Changes[change]);
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal([message], exception.Failures);
        Assert.Contains(message, exception.Message);
    }

    [Fact]
    public async Task StartAsync_SeveralBadSettings_ReportsEveryOne()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddResponsesClient("broken", o =>
        {
            o.BaseUrl = new Uri("file:///tmp/x");
            o.MaxRetryAttempts = -3;
        });
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            ["Responses connection 'broken': BaseUrl must be an absolute http or https URL", "Responses connection 'broken': MaxRetryAttempts must be between 0 and 10"],
            exception.Failures);
    }

    [Fact]
    public async Task StartAsync_ValidConnections_Starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddResponsesClient("local", o => o.BaseUrl = new Uri("http://localhost:11434/v1"));
        builder.Services.AddResponsesClient(configure: o => o.BaseUrl = new Uri("https://inference.do-ai.run"));
        builder.Services.AddResponsesClient("loopback-http", o => (o.BaseUrl, o.ApiKey) = (new Uri("http://127.0.0.1:8080"), "sk-local-key-123"));
        builder.Services.AddResponsesClient("remote-http-allowed", o =>
        {
            (o.BaseUrl, o.ApiKey) = (new Uri("http://models.internal"), "sk-local-key-123");
            o.AllowInsecureHttp = true;
        });
        using var host = builder.Build();

        await host.StartAsync();

        Assert.Equal(["default", "local", "loopback-http", "remote-http-allowed"], host.Services.GetRequiredService<IResponsesClientFactory>().ConnectionNames);
        await host.StopAsync();
    }
}
