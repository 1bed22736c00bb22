using System.Diagnostics;

namespace Elsa.Responses.Server.Diagnostics;

/// <summary>
/// <c>GET /diagnostics/memory</c>: forces a full, compacting garbage collection and returns the managed heap left
/// after it and the process's working set. Off unless <c>Diagnostics:Enabled</c> is true; it needs the server's key.
/// The load tool (benchmarks/Elsa.Responses.Load) reads it before and after a run to see what a run leaves behind.
/// </summary>
public static class MemoryDiagnosticsEndpoint
{
    /// <summary>The configuration key that turns the endpoint on.</summary>
    public const string EnabledKey = "Diagnostics:Enabled";

    /// <summary>Maps the endpoint when <see cref="EnabledKey"/> is true; otherwise the route does not exist.</summary>
    public static IEndpointRouteBuilder MapMemoryDiagnostics(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>(EnabledKey))
            return endpoints;

        endpoints.MapGet("/diagnostics/memory", () =>
        {
            // Twice, with the finalizers in between, so objects kept alive only by a finalizer are gone as well.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var heapAfterFullGc = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            return Results.Ok(new
            {
                heapAfterFullGcBytes = heapAfterFullGc,
                workingSetBytes = process.WorkingSet64,
                peakWorkingSetBytes = process.PeakWorkingSet64,
                gen2Collections = GC.CollectionCount(2),
            });
        }).RequireAuthorization();
        return endpoints;
    }
}
