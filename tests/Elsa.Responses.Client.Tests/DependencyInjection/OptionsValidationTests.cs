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
    };

    private static readonly Dictionary<string, Action<ResponsesClientOptions>> Changes = new()
    {
        ["relative BaseUrl"] = o => o.BaseUrl = new Uri("/v1", UriKind.Relative),
        ["ftp BaseUrl"] = o => o.BaseUrl = new Uri("ftp://models.example.com"),
        ["negative retries"] = o => o.MaxRetryAttempts = -1,
        ["eleven retries"] = o => o.MaxRetryAttempts = 11,
        ["negative retry delay"] = o => o.RetryBaseDelay = TimeSpan.FromSeconds(-1),
        ["zero attempt timeout"] = o => o.AttemptTimeout = TimeSpan.Zero,
        ["total below attempt"] = o => o.TotalTimeout = TimeSpan.FromSeconds(1),
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
        builder.Services.AddResponsesClient();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.Equal(["default", "local"], host.Services.GetRequiredService<IResponsesClientFactory>().ConnectionNames);
        await host.StopAsync();
    }
}
