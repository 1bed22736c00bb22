using Elsa.Extensions;
using Elsa.Http.Options;
using Elsa.Mediator.Options;
using Elsa.Persistence.EFCore.Extensions;
using Elsa.Persistence.EFCore.Modules.Management;
using Elsa.Persistence.EFCore.Modules.Runtime;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Telemetry;
using Elsa.Responses.Server;
using Elsa.Responses.Server.Diagnostics;
using Elsa.Responses.Server.Samples;
using Elsa.Responses.Server.Security;
using Elsa.Responses.Server.Studio;
using Elsa.Responses.Server.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// The content root is the build output, where appsettings.json is copied: the server behaves the same whether it is
// started with `dotnet run --project samples/Elsa.Responses.Server` from any folder or as `dotnet Elsa.Responses.Server.dll`.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var configuration = builder.Configuration;

// The default connection's key comes from DIGITALOCEAN_MODEL_ACCESS_KEY unless configured otherwise. Never logged.
const string defaultConnection = "digitalocean";
if (string.IsNullOrWhiteSpace(configuration[$"Responses:Connections:{defaultConnection}:ApiKey"])
    && Environment.GetEnvironmentVariable("DIGITALOCEAN_MODEL_ACCESS_KEY") is { Length: > 0 } doKey)
    configuration.AddInMemoryCollection([new($"Responses:Connections:{defaultConnection}:ApiKey", doKey)]);

var serverKey = ServerApiKey.Resolve(configuration);
var paths = ServerPaths.Resolve(configuration);
var connectionString = ResolveConnectionString(configuration);

builder.Services.AddSingleton(paths);
builder.Services.AddElsa(elsa =>
{
    elsa
        .UseWorkflowManagement(management => management.UseEntityFrameworkCore(ef => ef.UseSqlite(connectionString)))
        .UseWorkflowRuntime(runtime => runtime.UseEntityFrameworkCore(ef => ef.UseSqlite(connectionString)))
        .UseWorkflowsApi()
        .UseJavaScript()
        .UseHttp(http => http.ConfigureHttpOptions = options => configuration.GetSection("Http").Bind(options))
        .UseResponses(responses =>
        {
            responses.DefaultConnection = configuration["Responses:DefaultConnection"] ?? defaultConnection;
            foreach (var model in configuration.GetSection("Responses:FallbackModels").Get<string[]>() ?? [])
                responses.FallbackModels.Add(model);
            responses
                .AddConnection(defaultConnection, options => options.BaseUrl = new Uri("https://inference.do-ai.run"))
                .AddConnectionsFrom(configuration);
        });
});
builder.Services.AddStartupTask<ImportSampleWorkflowsTask>();
var telemetry = builder.Services.AddSampleTelemetry(configuration);

// Elsa's background workers (dispatched workflows run on the command workers, 4 by default): Elsa:Mediator overrides them.
builder.Services.Configure<MediatorOptions>(configuration.GetSection("Elsa:Mediator"));

// HTTP activities show and return absolute URLs: use this server's own address unless Http:BaseUrl says otherwise.
builder.Services.AddOptions<HttpActivityOptions>().PostConfigure<IServer>((options, server) =>
{
    if (!string.IsNullOrWhiteSpace(configuration["Http:BaseUrl"]))
        return;
    var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
    if (address is not null && Uri.TryCreate(address.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var url))
        options.BaseUrl = url;
});

// Elsa's API endpoints need a `permissions` claim; the ApiKey scheme grants `*` to the holder of the server's key.
builder.Services
    .AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, options => options.ApiKey = serverKey.Value);
builder.Services.AddAuthorization();

var app = builder.Build();

app.UseStudioApiCompatibility();
app.UseElsaStudio(paths);
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseWorkflowsApi();
app.UseJsonSerializationErrorHandler();
app.UseWorkflows();
app.MapMemoryDiagnostics(configuration);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    Console.WriteLine();
    Console.WriteLine("Elsa Responses server is ready.");
    foreach (var address in addresses)
        Console.WriteLine($"  Elsa Studio: {address.TrimEnd('/')}/");
    Console.WriteLine($"  Workflows API: {addresses.FirstOrDefault()?.TrimEnd('/')}/elsa/api");
    if (serverKey.Generated)
    {
        Console.WriteLine($"  API key (generated for this run; set {ServerApiKey.ConfigurationKey} to keep one): {serverKey.Value}");
        Console.WriteLine($"  Sign in at once: {addresses.FirstOrDefault()?.TrimEnd('/')}/#api-key={serverKey.Value}");
    }
    else
        Console.WriteLine($"  API key: the one configured in {ServerApiKey.ConfigurationKey}");
    Console.WriteLine("  Persistence: SQLite, " + DescribeDataSource(connectionString));
    Console.WriteLine($"  Telemetry (source and meter {ResponsesTelemetry.ActivitySourceName}): {telemetry}");
    Console.WriteLine();
});

await app.RunAsync();

// Elsa's EF Core SQLite stores: definitions and instances survive a restart. ConnectionStrings:Elsa overrides the file.
static string ResolveConnectionString(IConfiguration configuration)
{
    if (configuration.GetConnectionString("Elsa") is { Length: > 0 } configured)
        return configured;
    var folder = Path.Combine(AppContext.BaseDirectory, "App_Data");
    Directory.CreateDirectory(folder);
    return $"Data Source={Path.Combine(folder, "elsa-responses.db")};Cache=Shared;";
}

static string DescribeDataSource(string connectionString) =>
    connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .FirstOrDefault(part => part.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)) ?? "configured connection string";
