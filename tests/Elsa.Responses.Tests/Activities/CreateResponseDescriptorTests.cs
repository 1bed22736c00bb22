using Elsa.Responses.Client.Requests;
using Elsa.Responses.Activities;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints.Dropdown;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Activities;

/// <summary>What Elsa Studio is told about the activity: the descriptor real Elsa builds from its attributes.</summary>
public sealed class CreateResponseDescriptorTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start().WithModels("model-b", "model-a");

    public void Dispose() => _server.Dispose();

    [Fact]
    public void Activity_attribute_declares_namespace_kind_category_and_display_name() =>
        new ActivityTestFixture(new CreateResponse()).AssertActivityAttributes("Elsa.Responses", ActivityKind.Task, "AI", "Create Response");

    [Fact]
    public async Task Registry_describes_the_activity_type_category_and_outcomes()
    {
        var descriptor = await DescribeAsync();

        Assert.Equal("Elsa.Responses.CreateResponse", descriptor.TypeName);
        Assert.Equal("Elsa.Responses", descriptor.Namespace);
        Assert.Equal("CreateResponse", descriptor.Name);
        Assert.Equal(1, descriptor.Version);
        Assert.Equal("AI", descriptor.Category);
        Assert.Equal("Create Response", descriptor.DisplayName);
        Assert.Equal(ActivityKind.Task, descriptor.Kind);
        Assert.Contains("/v1/responses", descriptor.Description);
        Assert.True(descriptor.IsBrowsable);
        Assert.Equal(typeof(CreateResponse), descriptor.ClrType);

        var ports = descriptor.Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name);
        Assert.Equal(["Done", "Tool calls", "Incomplete", "Invalid output", "Failed"], ports);
    }

    [Theory]
    [InlineData("Model", "Model", "dropdown", typeof(string), "Model")]
    [InlineData("Connection", "Connection", "dropdown", typeof(string), "Model")]
    [InlineData("Input", "Input", "multiline", typeof(object), "Prompt")]
    [InlineData("Instructions", "Instructions", "multiline", typeof(string), "Prompt")]
    [InlineData("Temperature", "Temperature", "singleline", typeof(double), "Sampling")]
    [InlineData("TopP", "Top P", "singleline", typeof(double), "Sampling")]
    [InlineData("MaxOutputTokens", "Max Output Tokens", "singleline", typeof(int), "Sampling")]
    [InlineData("Stop", "Stop", "multitext", typeof(ICollection<string>), "Sampling")]
    [InlineData("Tools", "Tools", "json-editor", typeof(object), "Tools")]
    [InlineData("ToolChoice", "Tool Choice", "singleline", typeof(string), "Tools")]
    [InlineData("RequestMetadata", "Metadata", "dictionary", typeof(IDictionary<string, string>), "Advanced")]
    [InlineData("User", "User", "singleline", typeof(string), "Advanced")]
    [InlineData("Stream", "Stream", "checkbox", typeof(bool), "Advanced")]
    [InlineData("IncludeUsage", "Include Usage", "checkbox", typeof(bool), "Advanced")]
    [InlineData("OutputSchema", "Output schema", "json-editor", typeof(object), "Output")]
    [InlineData("SchemaName", "Schema name", "singleline", typeof(string), "Output")]
    [InlineData("Strict", "Strict", "checkbox", typeof(bool), "Output")]
    [InlineData("RepairAttempts", "Repair attempts", "singleline", typeof(int), "Output")]
    public async Task Every_input_has_its_intended_editor(string name, string displayName, string uiHint, Type type, string category)
    {
        var descriptor = await DescribeAsync();

        var input = Assert.Single(descriptor.Inputs, i => i.Name == name);
        Assert.Equal(displayName, input.DisplayName);
        Assert.Equal(uiHint, input.UIHint);
        Assert.Equal(type, input.Type);
        Assert.Equal(category, input.Category);
        Assert.True(input.IsWrapped);
        Assert.False(string.IsNullOrWhiteSpace(input.Description));
    }

    [Fact]
    public async Task Inputs_are_ordered_and_only_the_templates_and_the_output_settings_have_default_values()
    {
        var descriptor = await DescribeAsync();

        Assert.Equal(
            ["Model", "Connection", "Input", "Instructions", "Temperature", "TopP", "MaxOutputTokens", "Stop", "Tools", "ToolChoice", "RequestMetadata", "User", "Stream", "IncludeUsage",
                "RelayToHttpResponse", "OutputSchema", "SchemaName", "Strict", "RepairAttempts"],
            descriptor.Inputs.OrderBy(i => i.Order).Select(i => i.Name));
        // Elsa applies a DefaultValue at run time to every null input: Tools and OutputSchema have templates and never
        // start null; Strict (true) and RepairAttempts (1) are the defaults.
        Assert.All(descriptor.Inputs.Where(i => i.Name is not ("Tools" or "OutputSchema" or "Strict" or "RepairAttempts")), i => Assert.Null(i.DefaultValue));
        Assert.Equal(true, descriptor.Inputs.Single(i => i.Name == "Strict").DefaultValue);
        Assert.Equal(1, Convert.ToInt32(descriptor.Inputs.Single(i => i.Name == "RepairAttempts").DefaultValue));
    }

    [Fact]
    public async Task Tools_editor_is_prefilled_with_an_example_function_tool()
    {
        var descriptor = await DescribeAsync();

        var tools = descriptor.Inputs.Single(i => i.Name == "Tools");
        using var example = System.Text.Json.JsonDocument.Parse(Assert.IsType<string>(tools.DefaultValue));
        var tool = Assert.Single(example.RootElement.EnumerateArray().ToList());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("get_weather", tool.GetProperty("name").GetString());
        Assert.Equal("object", tool.GetProperty("parameters").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Outputs_are_described_with_their_types()
    {
        var descriptor = await DescribeAsync();

        var outputs = descriptor.Outputs.ToDictionary(o => o.Name, o => o.Type);
        Assert.Equal(
            new Dictionary<string, Type>
            {
                ["Text"] = typeof(string),
                ["Reasoning"] = typeof(string),
                ["Refusal"] = typeof(string),
                ["ToolCalls"] = typeof(ICollection<ToolCall>),
                ["Usage"] = typeof(ResponseUsage),
                ["Status"] = typeof(string),
                ["ResponseId"] = typeof(string),
                ["Response"] = typeof(string),
                ["Conversation"] = typeof(string),
                ["Json"] = typeof(object),
                ["Error"] = typeof(ResponseFailure),
            },
            outputs);
    }

    [Fact]
    public async Task Input_names_are_the_ones_the_shared_request_mapping_and_the_CLI_read()
    {
        var descriptor = await DescribeAsync();

        // Every input the activity shows is one the shared mapping reads (or the connection), and no more.
        Assert.Equal(
            RequestInputNames.ActivityInputs.Order(),
            descriptor.Inputs.Select(i => i.Name).Order());
    }

    [Fact]
    public async Task Dropdowns_are_filled_when_the_activity_is_described()
    {
        var descriptor = await DescribeAsync();

        var model = Assert.IsType<DropDownProps>(descriptor.Inputs.Single(i => i.Name == "Model").UISpecifications!["dropdown"]);
        Assert.Equal(["", "model-a", "model-b"], model.SelectList!.Items.Select(i => i.Value));
        var connection = Assert.IsType<DropDownProps>(descriptor.Inputs.Single(i => i.Name == "Connection").UISpecifications!["dropdown"]);
        Assert.Equal(["", "default"], connection.SelectList!.Items.Select(i => i.Value));
    }

    [Fact]
    public async Task Describer_gives_the_same_descriptor_as_the_registry()
    {
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        var describer = host.Services.GetRequiredService<IActivityDescriber>();

        var described = await describer.DescribeActivityAsync(typeof(CreateResponse));
        var registered = host.Services.GetRequiredService<IActivityRegistry>().Find("Elsa.Responses.CreateResponse", 1)!;

        Assert.Equal(registered.TypeName, described.TypeName);
        Assert.Equal(registered.Inputs.Select(i => (i.Name, i.UIHint)), described.Inputs.Select(i => (i.Name, i.UIHint)));
        Assert.Equal(registered.Ports.Select(p => p.Name), described.Ports.Select(p => p.Name));
    }

    private async Task<ActivityDescriptor> DescribeAsync()
    {
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        var descriptor = host.Services.GetRequiredService<IActivityRegistry>().Find("Elsa.Responses.CreateResponse", 1);
        Assert.NotNull(descriptor);
        return descriptor;
    }
}
