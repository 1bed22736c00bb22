using Elsa.Responses.Activities;
using Elsa.Responses.Client.Agents;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using Elsa.Workflows.UIHints.CheckList;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Agents;

/// <summary>Issue 10 §1: what Elsa Studio is told about Run Agent, from the descriptor real Elsa builds.</summary>
public sealed class RunAgentDescriptorTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeResponsesServer _server = FakeResponsesServer.Start().WithModels("model-a");

    public void Dispose() => _server.Dispose();

    [Fact]
    public void Activity_attribute_declares_namespace_kind_category_and_display_name() =>
        new ActivityTestFixture(new RunAgent()).AssertActivityAttributes("Elsa.Responses", ActivityKind.Task, "AI", "Run Agent");

    [Fact]
    public async Task Registry_describes_type_version_and_the_seven_outcomes()
    {
        var (_, descriptor) = await DescribeAsync();

        Assert.Equal("Elsa.Responses.RunAgent", descriptor.TypeName);
        Assert.Equal(1, descriptor.Version);
        Assert.Equal("AI", descriptor.Category);
        Assert.Equal("Run Agent", descriptor.DisplayName);
        Assert.Equal(["Done", "Tool calls", "Max iterations", "Budget exceeded", "Incomplete", "Invalid output", "Failed"],
            descriptor.Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name));
    }

    [Fact]
    public async Task Request_inputs_are_the_ones_Create_Response_has_plus_the_agents_own()
    {
        var (_, descriptor) = await DescribeAsync();

        Assert.Equal(
            RequestInputNames.ActivityInputs
                .Concat(["ToolWorkflows", "MaxIterations", "MaxTotalTokens", "ParallelToolCalls"]).Order(),
            descriptor.Inputs.Select(i => i.Name).Order());
        Assert.Equal(typeof(ICollection<string>), descriptor.Inputs.Single(i => i.Name == "ToolWorkflows").Type);
        Assert.Equal(InputUIHints.CheckList, descriptor.Inputs.Single(i => i.Name == "ToolWorkflows").UIHint);
        Assert.Equal(typeof(int), descriptor.Inputs.Single(i => i.Name == "MaxIterations").Type);
        Assert.Equal(10, Convert.ToInt32(descriptor.Inputs.Single(i => i.Name == "MaxIterations").DefaultValue));
        Assert.Equal(typeof(long), descriptor.Inputs.Single(i => i.Name == "MaxTotalTokens").Type);
        Assert.Equal(typeof(bool), descriptor.Inputs.Single(i => i.Name == "ParallelToolCalls").Type);
    }

    [Fact]
    public async Task Outputs_are_Create_Responses_answer_outputs_plus_iterations_and_steps()
    {
        var (_, descriptor) = await DescribeAsync();

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
                ["Conversation"] = typeof(string),
                ["Json"] = typeof(object),
                ["Error"] = typeof(ResponseFailure),
                ["Iterations"] = typeof(int),
                ["Steps"] = typeof(ICollection<AgentStep>),
            },
            descriptor.Outputs.ToDictionary(o => o.Name, o => o.Type));
    }

    [Fact]
    public async Task ToolWorkflows_check_list_offers_the_published_workflows_by_name()
    {
        var (host, descriptor) = await DescribeAsync();
        await host.ImportAsync(SamplePaths.Workflow("tools/get-weather.json"));
        await host.ImportAsync(SamplePaths.Workflow("tools/approve-refund.json"));

        // What Studio's refresh (POST /descriptors/activities/{type}/options/{property}) returns.
        var input = descriptor.Inputs.Single(i => i.Name == "ToolWorkflows");
        var properties = await host.Services.GetRequiredService<IPropertyUIHandlerResolver>().GetUIPropertiesAsync(input.PropertyInfo!, null);

        var items = Assert.IsType<CheckListProps>(properties[InputUIHints.CheckList]).CheckList!.Items.ToList();
        Assert.Contains(new CheckListItem("Get weather", "responses-tool-get-weather"), items);
        Assert.Contains(new CheckListItem("Approve refund", "responses-tool-approve-refund"), items);
        Assert.Equal(true, properties["Refresh"]);
    }

    private async Task<(ElsaTestHost Host, ActivityDescriptor Descriptor)> DescribeAsync()
    {
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);
        var descriptor = host.Services.GetRequiredService<IActivityRegistry>().Find("Elsa.Responses.RunAgent", 1);
        return (host, Assert.IsType<ActivityDescriptor>(descriptor));
    }
}
