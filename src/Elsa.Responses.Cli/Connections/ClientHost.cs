using Elsa.Responses.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Cli.Connections;

// A client built the way an application builds one (AddResponsesClient), so the CLI runs the real retry and timeout pipeline.
internal sealed class ClientHost : IDisposable
{
    private const string ConnectionName = "cli";
    private readonly ServiceProvider _services;

    private ClientHost(ServiceProvider services, IResponsesClient client)
    {
        _services = services;
        Client = client;
    }

    public IResponsesClient Client { get; }

    public static ClientHost Create(ConnectionSettings settings)
    {
        var services = new ServiceCollection();
        services.AddResponsesClient(ConnectionName, options =>
        {
            options.BaseUrl = settings.BaseUrl;
            options.ApiKey = settings.ApiKey;
            options.AllowInsecureHttp = settings.AllowInsecureHttp;
            if (settings.MaxRetryAttempts is { } retries)
                options.MaxRetryAttempts = retries;
        });
        var provider = services.BuildServiceProvider();
        try
        {
            return new ClientHost(provider, provider.GetRequiredService<IResponsesClientFactory>().CreateClient(ConnectionName));
        }
        catch (OptionsValidationException exception)
        {
            provider.Dispose();
            throw new CliInputException(exception.Failures.ToList());
        }
    }

    public void Dispose() => _services.Dispose();
}
