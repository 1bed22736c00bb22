using Elsa.Extensions;
using Elsa.Responses.Client;
using Elsa.Responses.Options;
using Elsa.Workflows;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Services;

// An empty Connection input means the module's default connection, or the only one configured.
internal static class ConnectionNameResolver
{
    public static string Resolve(ActivityExecutionContext context, string? requested) =>
        Resolve(context.GetRequiredService<IOptions<ResponsesModuleOptions>>().Value, context.GetRequiredService<IResponsesClientFactory>(), requested);

    public static string Resolve(ResponsesModuleOptions options, IResponsesClientFactory factory, string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
            return requested.Trim();
        return options.DefaultConnection ?? factory.ConnectionNames.FirstOrDefault() ?? Microsoft.Extensions.DependencyInjection.ResponsesServiceCollectionExtensions.DefaultConnectionName;
    }
}
