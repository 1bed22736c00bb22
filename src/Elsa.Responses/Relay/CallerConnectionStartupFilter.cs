using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Elsa.Responses.Relay;

/// <summary>Puts <see cref="CallerConnectionMiddleware"/> ahead of the application's own middleware (and so of <c>UseWorkflows()</c>).</summary>
internal sealed class CallerConnectionStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<CallerConnectionMiddleware>();
        next(app);
    };
}
