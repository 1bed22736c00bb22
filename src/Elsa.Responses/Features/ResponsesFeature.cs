using Elsa.Extensions;
using Elsa.Features.Abstractions;
using Elsa.Features.Attributes;
using Elsa.Features.Services;
using Elsa.Responses.Agents;
using Elsa.Responses.Client;
using Elsa.Responses.Client.Agents;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Responses.Options;
using Elsa.Responses.Relay;
using Elsa.Responses.Services;
using Elsa.Responses.UIHints;
using Elsa.Workflows;
using Elsa.Workflows.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Elsa.Responses.Features;

/// <summary>
/// Installs the Create Response and Run Agent activities, the named connections it calls, and the designer's Model and Connection
/// dropdowns. Connections live on the server: a workflow names one and never sees its URL or key.
/// </summary>
// After the workflows feature, whose activity execution pipeline Apply wraps.
[DependsOn(typeof(WorkflowsFeature))]
public sealed class ResponsesFeature(IModule module) : FeatureBase(module)
{
    private readonly List<(string Name, Action<ResponsesClientOptions>? Configure, Action<IHttpClientBuilder>? ConfigureHttpClient)> _connections = [];

    /// <summary>Where each connection's settings are bound from: <c>{path}:{name}</c>, e.g. <c>Responses:Connections:digitalocean:ApiKey</c>.</summary>
    public string ConfigurationSectionPath { get; set; } = "Responses:Connections";

    /// <summary>The connection used when an activity's Connection input is empty; the first one added when unset.</summary>
    public string? DefaultConnection { get; set; }

    /// <summary>Model ids the Model dropdown offers when the server's list cannot be read.</summary>
    public IList<string> FallbackModels { get; } = [];

    /// <summary>
    /// Keep an Input that is a list of items, and the Conversation output, in the activity execution records (the
    /// journal). Off by default: a tool loop sends the whole conversation again on each turn, so each record would repeat
    /// every turn before it and the records would grow with the square of the turns. Elsa's own log persistence settings
    /// apply to these two as to any other property once this is on.
    /// </summary>
    public bool PersistConversation { get; set; }

    /// <summary>
    /// Keep Create Response's Response output (the raw body, again as an escaped string) in its execution records. Off
    /// by default, which makes each record about a third smaller; the output still reaches variables and the next steps.
    /// </summary>
    public bool PersistRawResponse { get; set; }

    /// <summary>
    /// Adds a connection. Settings from configuration (<see cref="ConfigurationSectionPath"/>) are applied after
    /// <paramref name="configure"/>, so an environment variable can supply the key. <paramref name="configureHttpClient"/>
    /// reaches the connection's named <see cref="System.Net.Http.HttpClient"/>: a proxy, certificates, handlers.
    /// </summary>
    public ResponsesFeature AddConnection(string name, Action<ResponsesClientOptions>? configure = null, Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _connections.Add((name, configure, configureHttpClient));
        return this;
    }

    /// <summary>Adds one connection per child of <see cref="ConfigurationSectionPath"/> in <paramref name="configuration"/>.</summary>
    public ResponsesFeature AddConnectionsFrom(IConfiguration configuration)
    {
        foreach (var child in configuration.GetSection(ConfigurationSectionPath).GetChildren())
            if (_connections.TrueForAll(c => !string.Equals(c.Name, child.Key, StringComparison.OrdinalIgnoreCase)))
                AddConnection(child.Key);
        return this;
    }

    /// <inheritdoc />
    public override void Configure()
    {
        Module.UseWorkflowManagement(management =>
        {
            management.AddActivitiesFrom<ResponsesFeature>();
            management.AddVariableTypes([typeof(ToolCall), typeof(ResponseUsage), typeof(ResponseFailure), typeof(AgentStep)], "AI");
        });
    }

    /// <inheritdoc />
    public override void Apply()
    {
        // With no connection at all the factory still resolves: an activity then fails naming the missing connection.
        Services.AddResponsesClientFactory();
        foreach (var (name, configure, configureHttpClient) in _connections)
        {
            var sectionPath = $"{ConfigurationSectionPath}:{name}";
            Services.AddResponsesClient(name, configure, configureHttpClient)
                .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(sectionPath).Bind(options));
        }

        var defaultConnection = DefaultConnection ?? _connections.FirstOrDefault().Name;
        var fallbackModels = FallbackModels.ToList();
        var persistConversation = PersistConversation;
        var persistRawResponse = PersistRawResponse;
        Services.Configure<ResponsesModuleOptions>(options =>
        {
            options.DefaultConnection ??= defaultConnection;
            options.PersistConversation |= persistConversation;
            options.PersistRawResponse |= persistRawResponse;
            foreach (var model in fallbackModels)
                options.FallbackModels.Add(model);
        });

        Services.TryAddSingleton(TimeProvider.System);
        Services.TryAddSingleton<ModelCatalog>();
        Services
            .AddScoped<IPropertyUIHandler, ModelOptionsProvider>()
            .AddScoped<IPropertyUIHandler, ConnectionOptionsProvider>()
            .AddScoped<IPropertyUIHandler, PublishedWorkflowOptionsProvider>();

        // Run Agent: a tool workflow that suspended resumes its agent when it finishes.
        Services.AddNotificationHandler<ResumeRunAgentOnToolFinished>();

        // RelayToHttpResponse: a caller's disconnect ends the relay, not the workflow; an HTTP Response after a relay is a journal error.
        Services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, CallerConnectionStartupFilter>());
        DecorateActivityExecutionPipeline();
    }

    private void DecorateActivityExecutionPipeline()
    {
        var registered = Services.LastOrDefault(d => d.ServiceType == typeof(IActivityExecutionPipeline));
        if (registered?.ImplementationFactory is not { } create)
            return;
        Services.Add(ServiceDescriptor.Describe(typeof(IActivityExecutionPipeline),
            provider => new WriteAfterRelayGuard((IActivityExecutionPipeline)create(provider)), registered.Lifetime));
    }
}
