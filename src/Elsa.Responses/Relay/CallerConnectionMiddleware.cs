using Elsa.Http.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Relay;

/// <summary>
/// Gives each request under Elsa's HTTP workflow path a <see cref="CallerConnection"/>: the request's
/// <see cref="HttpContext.RequestAborted"/> becomes the connection's workflow token, which Elsa's HTTP workflows
/// middleware then runs the workflow with. Installed first in the pipeline by <see cref="CallerConnectionStartupFilter"/>.
/// </summary>
internal sealed class CallerConnectionMiddleware(RequestDelegate next, IOptions<HttpActivityOptions> options)
{
    public async Task InvokeAsync(HttpContext httpContext)
    {
        if (options.Value.BasePath is { HasValue: true } basePath && !httpContext.Request.Path.StartsWithSegments(basePath))
        {
            await next(httpContext);
            return;
        }

        using var caller = new CallerConnection(httpContext.RequestAborted);
        httpContext.Features.Set(caller);
        httpContext.RequestAborted = caller.Workflow;
        try
        {
            await next(httpContext);
        }
        finally
        {
            httpContext.RequestAborted = caller.Gone;
            httpContext.Features.Set<CallerConnection>(null);
        }
    }
}
