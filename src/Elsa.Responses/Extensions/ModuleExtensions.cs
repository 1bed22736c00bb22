using Elsa.Features.Services;
using Elsa.Responses.Features;

// ReSharper disable once CheckNamespace
namespace Elsa.Extensions;

/// <summary>Installs the <see cref="ResponsesFeature"/>.</summary>
public static class ResponsesModuleExtensions
{
    /// <summary>
    /// Adds the Create Response activity and its connections:
    /// <c>elsa.UseResponses(r => r.AddConnection("digitalocean", c => c.ApiKey = …))</c>.
    /// </summary>
    public static IModule UseResponses(this IModule module, Action<ResponsesFeature>? configure = null)
    {
        module.Configure(configure);
        return module;
    }
}
