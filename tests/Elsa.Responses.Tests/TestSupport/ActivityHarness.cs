using Elsa.Responses.Activities;
using Elsa.Responses.Options;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Elsa.Responses.Tests.TestSupport;

/// <summary>
/// Runs one <see cref="CreateResponse"/> in isolation with Elsa.Testing.Shared's <see cref="ActivityTestFixture"/>
/// (a real workflow execution context, inputs evaluated by Elsa), with a "default" connection to <paramref name="baseUrl"/>.
/// </summary>
public static class ActivityHarness
{
    public static async Task<ActivityExecutionContext> ExecuteAsync(CreateResponse activity, Uri baseUrl, FakeLogCollector? logs = null)
    {
        var fixture = new ActivityTestFixture(activity).ConfigureServices(services =>
        {
            services.AddResponsesClient("default", connection =>
            {
                connection.BaseUrl = baseUrl;
                connection.ApiKey = FakeResponsesServer.ApiKey;
                connection.MaxRetryAttempts = 0;
                connection.AttemptTimeout = TimeSpan.FromSeconds(10);
                connection.TotalTimeout = TimeSpan.FromSeconds(20);
            });
            services.Configure<ResponsesModuleOptions>(options => options.DefaultConnection = "default");
            if (logs is not null)
                services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace));
        });
        return await fixture.ExecuteAsync();
    }

    /// <summary>A Create Response with the given model and text input; set other inputs with an object initializer on the result.</summary>
    public static CreateResponse Activity(string input = "Say hello.", string model = ResponseBodies.Model) => new()
    {
        Model = new(model),
        Input = new(input),
    };

    /// <summary>The outputs as the journal and the Test tab read them: by descriptor name, from Elsa's output register.</summary>
    public static IDictionary<string, object> Outputs(this ActivityExecutionContext context) => context.GetOutputs();

    public static T? Output<T>(this ActivityExecutionContext context, string name) => (T?)context.Outputs()[name];
}
