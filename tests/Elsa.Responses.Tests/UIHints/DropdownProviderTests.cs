using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Elsa.Responses.Activities;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Responses.UIHints;
using Elsa.Workflows;
using Elsa.Workflows.UIHints.Dropdown;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.UIHints;

/// <summary>
/// The Model and Connection dropdowns, through Elsa's <see cref="IPropertyUIHandlerResolver"/> (what the activity
/// descriptor and <c>POST /elsa/api/descriptors/activities/…/options/…</c> use).
/// </summary>
public sealed class DropdownProviderTests(ITestOutputHelper output)
{
    private static readonly PropertyInfo ModelProperty = typeof(CreateResponse).GetProperty(nameof(CreateResponse.Model))!;
    private static readonly PropertyInfo ConnectionProperty = typeof(CreateResponse).GetProperty(nameof(CreateResponse.Connection))!;

    [Fact]
    public async Task Model_dropdown_lists_the_models_the_server_returns()
    {
        using var server = FakeResponsesServer.Start().WithModels("openai-gpt-oss-120b", "llama3.3-70b-instruct", "openai-gpt-oss-20b");
        var host = await ElsaTestHost.StartAsync(output, server.BaseUrl);

        var items = await DropdownItemsAsync(host, ModelProperty);

        Assert.Equal(["", "llama3.3-70b-instruct", "openai-gpt-oss-120b", "openai-gpt-oss-20b"], items.Select(i => i.Value));
        Assert.Equal(items.Select(i => i.Value), items.Select(i => i.Text));
        var modelRequest = server.Server.LogEntries.First(e => e.RequestMessage?.Path == "/v1/models").RequestMessage!;
        Assert.Equal($"Bearer {FakeResponsesServer.ApiKey}", modelRequest.Headers!["Authorization"].ToString());
    }

    [Fact]
    public async Task Model_dropdown_is_registered_as_a_property_ui_handler_and_asks_for_refresh()
    {
        using var server = FakeResponsesServer.Start().WithModels("m1");
        var host = await ElsaTestHost.StartAsync(output, server.BaseUrl);
        using var scope = host.Services.CreateScope();

        var handlers = scope.ServiceProvider.GetServices<IPropertyUIHandler>().ToList();
        var provider = Assert.Single(handlers.OfType<ModelOptionsProvider>());
        Assert.Single(handlers.OfType<ConnectionOptionsProvider>());

        var properties = await provider.GetUIPropertiesAsync(ModelProperty, null);
        Assert.Equal(true, properties["Refresh"]);
        Assert.Equal(["", "m1"], Assert.IsType<DropDownProps>(properties["dropdown"]).SelectList!.Items.Select(i => i.Value));
    }

    [Fact]
    public async Task Model_dropdown_falls_back_when_the_server_is_down()
    {
        var host = await ElsaTestHost.StartAsync(output, FakeResponsesServer.DeadUrl(), responses =>
        {
            responses.FallbackModels.Add("fallback-small");
            responses.FallbackModels.Add("fallback-large");
        });

        var watch = Stopwatch.StartNew();
        var items = await DropdownItemsAsync(host, ModelProperty);

        Assert.Equal(["", "fallback-small", "fallback-large"], items.Select(i => i.Value));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"The dropdown took {watch.Elapsed}.");
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("Could not list the models of Responses connection 'default'"));

        // The activity was still described and registered.
        var descriptor = host.Services.GetRequiredService<IActivityRegistry>().Find("Elsa.Responses.CreateResponse", 1)!;
        var model = Assert.IsType<DropDownProps>(descriptor.Inputs.Single(i => i.Name == "Model").UISpecifications!["dropdown"]);
        Assert.Equal(["", "fallback-small", "fallback-large"], model.SelectList!.Items.Select(i => i.Value));
    }

    [Fact]
    public async Task Model_dropdown_falls_back_when_the_server_answers_with_an_error()
    {
        using var server = FakeResponsesServer.Start();
        server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v1/models").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(500).WithBody("<html>maintenance</html>"));
        var host = await ElsaTestHost.StartAsync(output, server.BaseUrl, responses => responses.FallbackModels.Add("fallback"));

        var items = await DropdownItemsAsync(host, ModelProperty);

        Assert.Equal(["", "fallback"], items.Select(i => i.Value));
    }

    [Fact]
    public async Task Model_dropdown_does_not_ask_a_failing_server_again_for_every_descriptor_request()
    {
        using var server = FakeResponsesServer.Start();
        server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v1/models").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(401).WithBody("{\"error\":{\"message\":\"no\"}}"));
        var host = await ElsaTestHost.StartAsync(output, server.BaseUrl, responses => responses.FallbackModels.Add("fallback"));

        await DropdownItemsAsync(host, ModelProperty);
        var asked = server.Server.LogEntries.Count(e => e.RequestMessage?.Path == "/v1/models");
        var items = await DropdownItemsAsync(host, ModelProperty);

        Assert.True(asked >= 1);
        Assert.Equal(asked, server.Server.LogEntries.Count(e => e.RequestMessage?.Path == "/v1/models"));
        Assert.Equal(["", "fallback"], items.Select(i => i.Value));
    }

    [Fact]
    public async Task Model_dropdown_without_fallbacks_offers_only_the_empty_choice()
    {
        var host = await ElsaTestHost.StartAsync(output, FakeResponsesServer.DeadUrl());

        var items = await DropdownItemsAsync(host, ModelProperty);

        Assert.Equal([""], items.Select(i => i.Value));
    }

    [Fact]
    public async Task Model_dropdown_lists_the_models_of_the_connection_in_the_refresh_context()
    {
        using var defaultServer = FakeResponsesServer.Start().WithModels("default-model");
        using var localServer = FakeResponsesServer.Start().WithModels("local-model-a", "local-model-b");
        var host = await ElsaTestHost.StartAsync(output, defaultServer.BaseUrl, responses =>
        {
            responses.AddConnection("local", c => { c.BaseUrl = localServer.BaseUrl; c.ApiKey = FakeResponsesServer.ApiKey; c.MaxRetryAttempts = 0; });
            responses.FallbackModels.Add("fallback");
        });

        // What Elsa Studio 3.8.2 posts to .../options/Model (seen in the browser): the activity's inputs, camel-cased.
        Assert.Equal(["", "local-model-a", "local-model-b"], await ModelsForAsync(host, StudioContext("""{"typeName":"String","expression":{"type":"Literal","value":"local"}}""")));
        Assert.Equal(["", "default-model"], await ModelsForAsync(host, StudioContext("""{"typeName":"String","expression":{"type":"Literal","value":"default"}}""")));

        // No connection, an empty one, an expression or an odd shape: the default connection.
        Assert.Equal(["", "default-model"], await ModelsForAsync(host, JsonDocument.Parse("""{"context":{}}""").RootElement.GetProperty("context")));
        Assert.Equal(["", "default-model"], await ModelsForAsync(host, StudioContext("""{"typeName":"String","expression":{"type":"Literal","value":""}}""")));
        Assert.Equal(["", "default-model"], await ModelsForAsync(host, StudioContext("""{"typeName":"String","expression":{"type":"JavaScript","value":"'local'"}}""")));
        Assert.Equal(["", "default-model"], await ModelsForAsync(host, StudioContext("""[1,2]""")));
        Assert.Equal(["", "default-model"], await ModelsForAsync(host, JsonDocument.Parse("42").RootElement));

        // A connection that is not configured: the fallback models, no exception and no server call.
        Assert.Equal(["", "fallback"], await ModelsForAsync(host, StudioContext("""{"typeName":"String","expression":{"type":"Literal","value":"removed"}}""")));
    }

    [Fact]
    public async Task Connection_dropdown_lists_connection_names_only()
    {
        using var server = FakeResponsesServer.Start().WithModels("m1");
        var host = await ElsaTestHost.StartAsync(output, server.BaseUrl,
            responses => responses.AddConnection("local", c => c.BaseUrl = new Uri("http://127.0.0.1:11434")));

        var items = await DropdownItemsAsync(host, ConnectionProperty);

        Assert.Equal(["", "default", "local"], items.Select(i => i.Value));
        Assert.DoesNotContain(items, i => i.Text.Contains("http", StringComparison.OrdinalIgnoreCase) || i.Text.Contains(FakeResponsesServer.ApiKey));
    }

    private static JsonElement StudioContext(string connectionInput) =>
        JsonDocument.Parse("""{"context":{"connection":""" + connectionInput + ""","tools":{"typeName":"Object","expression":{"type":"Literal"}}}}""").RootElement.GetProperty("context");

    private static async Task<IReadOnlyList<string>> ModelsForAsync(ElsaTestHost host, object context)
    {
        var resolver = host.Services.GetRequiredService<IPropertyUIHandlerResolver>();
        var properties = await resolver.GetUIPropertiesAsync(ModelProperty, context);
        return Assert.IsType<DropDownProps>(properties["dropdown"]).SelectList!.Items.Select(i => i.Value).ToList();
    }

    private static async Task<IReadOnlyList<SelectListItem>> DropdownItemsAsync(ElsaTestHost host, PropertyInfo property)
    {
        var resolver = host.Services.GetRequiredService<IPropertyUIHandlerResolver>();
        var properties = await resolver.GetUIPropertiesAsync(property, null);
        return Assert.IsType<DropDownProps>(properties["dropdown"]).SelectList!.Items.ToList();
    }
}
