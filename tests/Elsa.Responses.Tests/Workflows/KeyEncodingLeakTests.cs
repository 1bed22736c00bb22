using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Elsa.Common.Models;
using Elsa.Responses.Models;
using Elsa.Responses.Tests.TestSupport;
using Elsa.Workflows;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Filters;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elsa.Responses.Tests.Workflows;

/// <summary>
/// Issue 8 §3: a server that echoes the key in an encoded form, in a 401 body. The key must not show, in any encoding
/// (as is, JSON-escaped, URL-encoded, base64), in what the run leaves behind: the workflow state, the activity execution
/// records (Studio's journal: inputs, outputs, payload), the execution log, the console, or the logs at every level.
/// </summary>
public sealed class KeyEncodingLeakTests(ITestOutputHelper output) : IDisposable
{
    private const string Key = FakeResponsesServer.ApiKey;

    private readonly FakeResponsesServer _server = FakeResponsesServer.Start();

    public void Dispose() => _server.Dispose();

    public static TheoryData<string, string> Echoes => new()
    {
        // As OpenAI quotes a key, but written in a JSON body the way an encoder that escapes everything writes it.
        { "JSON-escaped", string.Concat(Key.Select(c => $"\\u{(int)c:x4}")) },
        { "JSON-escaped, upper-case hex", string.Concat(Key.Select(c => $"\\u{(int)c:X4}")) },
        { "JSON-escaped in part", string.Concat(Key.Select((c, i) => i % 2 == 0 ? $"\\u{(int)c:x4}" : c.ToString())) },
        { "URL-encoded", string.Concat(Key.Select(c => $"%{(int)c:X2}")) },
        { "base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)) },
    };

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task Key_echoed_encoded_in_a_401_body_is_nowhere_in_what_the_run_leaves(string form, string echoed)
    {
        // Written by hand: a serializer would escape the backslashes of the echoed form.
        _server.RespondWithJson(
            $$$"""{"error":{"message":"Incorrect API key provided: {{{echoed}}}. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""",
            status: 401);
        var host = await ElsaTestHost.StartAsync(output, _server.BaseUrl);

        var run = await SampleRun.RunAsync(host, "summarize.json");

        SampleWorkflowRunTests.AssertFinished(run);
        Assert.Equal(["Failed"], run.Outcomes("summarize-call"));
        var error = Assert.IsType<ResponseFailure>(run.Output("summarize-call", "Error"));
        Assert.Equal(401, error.Status);
        Assert.Contains("Incorrect API key provided: ***.", error.Message);
        // The key was in use, and the server did echo it.
        Assert.Equal([$"Bearer {Key}"], _server.AuthorizationHeaders);

        var places = await PlacesAsync(host, run);
        var leaks = places.Where(p => KeyForms.All.Any(k => k.IsMatch(p.Value))).Select(p => p.Key).ToList();
        Assert.True(leaks.Count == 0, $"The key, echoed {form}, appears in: {string.Join(", ", leaks)}.");
        var empty = places.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key).ToList();
        Assert.True(empty.Count == 0, $"Nothing was captured from: {string.Join(", ", empty)}.");
    }

    [Fact]
    public void Key_forms_find_every_encoding_of_the_key()
    {
        var encodings = Echoes.Select(row => (string)row[1])
            .Append(Key)
            .Append(Uri.EscapeDataString(Key))
            .Append(JsonSerializer.Serialize(Key))
            // base64 of the key inside a longer value, at each of the three byte alignments.
            .Concat(new[] { "a", "ab", "abc" }.Select(prefix => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{prefix}{Key}!"))));
        Assert.All(encodings, encoded => Assert.Contains(KeyForms.All, k => k.IsMatch($"… {encoded} …")));
        Assert.DoesNotContain(KeyForms.All, k => k.IsMatch("Incorrect API key provided: ***. sk-test-***"));
    }

    private async Task<Dictionary<string, string>> PlacesAsync(ElsaTestHost host, SampleRun run)
    {
        var services = host.Services;
        var payloadSerializer = services.GetRequiredService<IPayloadSerializer>();
        var log = await services.GetRequiredService<IWorkflowExecutionLogStore>()
            .FindManyAsync(new WorkflowExecutionLogRecordFilter { WorkflowInstanceId = run.State.Id }, PageArgs.All);
        var logs = host.Logs.GetSnapshot();
        Assert.Contains(logs, l => l.Level <= Microsoft.Extensions.Logging.LogLevel.Debug);

        return new Dictionary<string, string>
        {
            ["workflow state"] = services.GetRequiredService<IWorkflowStateSerializer>().Serialize(run.State),
            ["activity execution records (stored snapshots)"] = string.Join("\n", run.Records.Select(r => JsonSerializer.Serialize(r.SerializedSnapshot))),
            ["activity execution records (inputs, outputs, payload)"] = string.Join("\n", run.Records.Select(r => payloadSerializer.Serialize(new { r.ActivityState, r.Outputs, r.Payload, r.Properties, r.Exception }))),
            ["execution log"] = string.Join("\n", log.Items.Select(payloadSerializer.Serialize)),
            ["console"] = string.Join("\n", run.Console),
            ["logs"] = string.Join("\n", logs.Select(l =>
                $"{l.Level} {l.Category} {l.Message} {l.Exception} " +
                string.Join(",", l.StructuredState?.Select(s => $"{s.Key}={s.Value}") ?? []) + " " +
                string.Join(",", l.Scopes.Select(s => s?.ToString())))),
        };
    }
}
