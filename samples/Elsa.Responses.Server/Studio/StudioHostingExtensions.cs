using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Elsa.Responses.Server.Studio;

/// <summary>
/// Serves the real Elsa Studio (the npm package's Blazor WebAssembly custom elements) at <c>/</c>, with the host page
/// and assets from <c>designer-assets/</c>, and bridges the one API path that Studio 3.8.2 and server 3.7.1 disagree on.
/// </summary>
public static partial class StudioHostingExtensions
{
    private const string StudioPagePath = "/index.html";

    /// <summary>
    /// Studio 3.8.2 asks for <c>GET {api}/activity-executions/by-id?id=X</c>; server 3.7.1 serves <c>{api}/activity-executions/{id}</c>.
    /// Must run before routing.
    /// </summary>
    public static IApplicationBuilder UseStudioApiCompatibility(this IApplicationBuilder app, string apiPrefix = "/elsa/api") =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method)
                && request.Path.Equals($"{apiPrefix}/activity-executions/by-id", StringComparison.OrdinalIgnoreCase)
                && request.Query["id"].ToString() is { Length: > 0 } id)
            {
                request.Path = $"{apiPrefix}/activity-executions/{Uri.EscapeDataString(id)}";
                request.QueryString = QueryString.Empty;
            }

            return next(context);
        });

    /// <summary>Serves the host page, its assets, the Studio files and the Studio's <c>appsettings.json</c>.</summary>
    public static IApplicationBuilder UseElsaStudio(this WebApplication app, ServerPaths paths)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Elsa.Responses.Server.Studio");
        if (paths.DesignerAssets is null)
            logger.LogWarning("The designer-assets folder was not found; the Studio host page cannot be served.");
        if (paths.StudioPackage is null)
            logger.LogWarning("The Elsa Studio package was not found (run `npm ci` in samples/Elsa.Responses.Server, or build the project); the API still works.");

        // The Studio fetches appsettings.json from its base URL. Point it at this server's API; never put a key in it.
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Equals("/appsettings.json", StringComparison.OrdinalIgnoreCase))
            {
                var request = context.Request;
                var settings = new { Backend = new { Url = $"{request.Scheme}://{request.Host}{request.PathBase}/elsa/api" } };
                context.Response.ContentType = "application/json";
                context.Response.Headers.CacheControl = "no-cache";
                await context.Response.WriteAsync(JsonSerializer.Serialize(settings));
                return;
            }

            await next(context);
        });

        if (paths.DesignerAssets is { } assets)
        {
            var assetFiles = new PhysicalFileProvider(assets);
            // "/" and "/index.html" are the host page from designer-assets, not the package's stale sample page.
            app.Use(async (context, next) =>
            {
                var path = context.Request.Path;
                if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                    && (path == "/" || path.Equals(StudioPagePath, StringComparison.OrdinalIgnoreCase)))
                {
                    var page = assetFiles.GetFileInfo("index.html");
                    if (page.Exists)
                    {
                        context.Response.ContentType = "text/html; charset=utf-8";
                        context.Response.Headers.CacheControl = "no-cache";
                        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
                        context.Response.Headers["Referrer-Policy"] = "no-referrer";
                        await context.Response.SendFileAsync(page);
                        return;
                    }
                }

                // Studio's elements link to the full Studio app's pages; opened in a new tab or reloaded, such an address
                // goes to the host page's route for it.
                if (HttpMethods.IsGet(context.Request.Method) && HostPageRoute(path) is { } route)
                {
                    context.Response.Redirect($"{context.Request.PathBase}/{route}");
                    return;
                }

                await next(context);
            });

            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = assetFiles,
                RequestPath = "/designer-assets",
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
            });
        }

        if (paths.StudioPackage is { } studio)
        {
            var studioFiles = new PhysicalFileProvider(studio);
            var contentTypes = CreateContentTypeProvider();
            app.UsePrecompressedStudioFiles(studioFiles, contentTypes);
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = studioFiles,
                ContentTypeProvider = contentTypes,
                ServeUnknownFileTypes = true,
                DefaultContentType = "application/octet-stream",
                OnPrepareResponse = PrepareStudioResponse,
            });
        }

        return app;
    }

    /// <summary>
    /// The host page's route (<c>#/workflows/{id}</c>, <c>#/instances/{id}</c>) for a page of the full Studio app
    /// (<c>/workflows/definitions/{id}/edit</c>, <c>/workflows/instances/{id}/view</c>), or null.
    /// </summary>
    private static string? HostPageRoute(PathString path)
    {
        if (StudioPageAddress().Match(path.Value ?? string.Empty) is not { Success: true } match)
            return null;
        var id = Uri.EscapeDataString(Uri.UnescapeDataString(match.Groups["id"].Value));
        return match.Groups["kind"].Value == "definitions" ? $"#/workflows/{id}" : $"#/instances/{id}";
    }

    /// <summary>The MIME types Blazor WebAssembly needs, on top of ASP.NET Core's defaults.</summary>
    public static FileExtensionContentTypeProvider CreateContentTypeProvider()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".dll"] = "application/octet-stream";
        provider.Mappings[".pdb"] = "application/octet-stream";
        provider.Mappings[".dat"] = "application/octet-stream";
        provider.Mappings[".blat"] = "application/octet-stream";
        provider.Mappings[".webcil"] = "application/octet-stream";
        provider.Mappings[".json"] = "application/json";
        provider.Mappings[".js"] = "text/javascript";
        provider.Mappings[".mjs"] = "text/javascript";
        provider.Mappings[".map"] = "application/json";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        provider.Mappings[".woff"] = "font/woff";
        provider.Mappings[".woff2"] = "font/woff2";
        provider.Mappings[".ttf"] = "font/ttf";
        provider.Mappings[".cur"] = "image/x-icon";
        return provider;
    }

    // The package ships .br and .gz twins of its files. When the browser accepts them, serve the twin with
    // Content-Encoding (the browser decodes it before Blazor checks its integrity hashes): ~4x less to download.
    private static void UsePrecompressedStudioFiles(this IApplicationBuilder app, IFileProvider files, FileExtensionContentTypeProvider contentTypes) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            var path = request.Path.Value;
            if (path is null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                || !(path.StartsWith("/_framework/", StringComparison.Ordinal) || path.StartsWith("/_content/", StringComparison.Ordinal))
                || path.EndsWith(".br", StringComparison.Ordinal) || path.EndsWith(".gz", StringComparison.Ordinal))
                return next(context);

            var accepted = request.Headers.AcceptEncoding.ToString();
            foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
            {
                if (!accepted.Contains(encoding, StringComparison.OrdinalIgnoreCase) || !files.GetFileInfo(path + suffix).Exists)
                    continue;

                var contentType = contentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
                request.Path = path + suffix;
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status206PartialContent or StatusCodes.Status304NotModified)
                    {
                        context.Response.Headers.ContentEncoding = encoding;
                        context.Response.ContentType = contentType;
                    }

                    context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                    return Task.CompletedTask;
                });
                break;
            }

            return next(context);
        });

    [GeneratedRegex("^/workflows/(?:(?<kind>definitions)/(?<id>[^/]+)/edit|(?<kind>instances)/(?<id>[^/]+)/view)/?$")]
    private static partial Regex StudioPageAddress();

    private static void PrepareStudioResponse(StaticFileResponseContext context)
    {
        // Blazor checks integrity hashes itself; let the browser revalidate so an upgraded package is picked up.
        context.Context.Response.Headers.CacheControl = "no-cache";
    }
}
