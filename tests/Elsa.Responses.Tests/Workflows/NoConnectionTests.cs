using System.Reflection;
using System.Text.Json;
using Elsa.Extensions;
using Elsa.Responses.Activities;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.UIHints.Dropdown;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Workflows;

/// <summary>
/// Issue 8 §2, zero connections: <c>UseResponses()</c> with no connection, or an activity naming one that is not
/// configured, takes Failed with a configuration_error naming the connection; the designer still describes the activity.
/// </summary>
public sealed class NoConnectionTests(ITestOutputHelper output)
{
    public static TheoryData<bool, string?, string> Cases => new()
    {
        // No connection at all: an empty Connection input means the default, "default".
        { false, null, "default" },
        { false, "", "default" },
        { false, "nowhere", "nowhere" },
        // A connection is configured, but not the one named.
        { true, "nowhere", "nowhere" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Missing_connection_takes_Failed_with_a_configuration_error_naming_it(bool configureOne, string? connection, string named)
    {
        var fixture = new WorkflowTestFixture(output).ConfigureElsa(elsa => elsa.UseResponses(responses =>
        {
            if (configureOne)
                responses.AddConnection("configured", c => c.BaseUrl = FakeResponsesServer.DeadUrl());
        }));
        var call = new CreateResponse { Model = new(ResponseBodies.Model), Input = new("Say hello."), Connection = new(connection) };

        var result = await fixture.RunActivityAsync(call);

        Assert.Equal(WorkflowStatus.Finished, result.WorkflowState.Status);
        Assert.Equal(WorkflowSubStatus.Finished, result.WorkflowState.SubStatus);
        Assert.Empty(result.WorkflowState.Incidents);
        Assert.Equal([CreateResponseOutcomes.Failed], fixture.GetOutcomes(result, call));
        var context = result.Journal.ActivityExecutionContexts.First(c => c.Activity.Id == call.Id);
        var error = Assert.IsType<ResponseFailure>(context.GetOutputs()["Error"]);
        Assert.Equal(ErrorTypes.Configuration, error.Type);
        Assert.Contains($"'{named}'", error.Message);
        Assert.Equal("failed", context.GetOutputs()["Status"]);
        Assert.Contains(result.Journal.WorkflowExecutionLogEntries, e => e.EventName == "Error" && e.ActivityId == call.Id && e.Message == error.Message);
    }

    [Fact]
    public async Task Designer_describes_the_activity_and_renders_both_dropdowns_with_no_connection()
    {
        var fixture = new WorkflowTestFixture(output).ConfigureElsa(elsa => elsa.UseResponses(responses => responses.FallbackModels.Add("fallback-model")));
        await fixture.BuildAsync();
        var services = fixture.Services;
        await services.PopulateRegistriesAsync();

        // What Studio loads: the activity descriptor, with each dropdown's items.
        var descriptor = services.GetRequiredService<IActivityRegistry>().Find("Elsa.Responses.CreateResponse", 1);
        Assert.NotNull(descriptor);
        Assert.Equal(["", "fallback-model"], DropdownValues(descriptor.Inputs.Single(i => i.Name == "Model").UISpecifications));
        Assert.Equal([""], DropdownValues(descriptor.Inputs.Single(i => i.Name == "Connection").UISpecifications));

        // What Studio posts when the Connection input changes: the Model dropdown refreshed for a connection that does not exist.
        var resolver = services.GetRequiredService<IPropertyUIHandlerResolver>();
        var studioContext = JsonDocument.Parse("""{"connection":{"typeName":"String","expression":{"type":"Literal","value":"default"}}}""").RootElement;
        foreach (var context in new object?[] { null, studioContext })
        {
            Assert.Equal(["", "fallback-model"], DropdownValues(await resolver.GetUIPropertiesAsync(Property(nameof(CreateResponse.Model)), context)));
            Assert.Equal([""], DropdownValues(await resolver.GetUIPropertiesAsync(Property(nameof(CreateResponse.Connection)), context)));
        }
    }

    private static PropertyInfo Property(string name) => typeof(CreateResponse).GetProperty(name)!;

    private static IReadOnlyList<string> DropdownValues(IDictionary<string, object>? uiSpecifications)
    {
        Assert.NotNull(uiSpecifications);
        return Assert.IsType<DropDownProps>(uiSpecifications["dropdown"]).SelectList!.Items.Select(i => i.Value).ToList();
    }
}
