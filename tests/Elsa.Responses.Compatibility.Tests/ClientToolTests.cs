using System.Text.Json.Nodes;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Compatibility.Tests.TestSupport;

namespace Elsa.Responses.Compatibility.Tests;

/// <summary>The client against llama-server with the <c>get_weather</c> tool of its tools.json.</summary>
[Collection(LlamaServerCollection.Name)]
public sealed class ClientToolTests(LlamaServerFixture servers)
{
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolChoiceRequired_CallsGetWeatherForParis(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());

        var outcome = await llama.SendAsync(WeatherRequest(ToolChoice.Required), stream);

        var result = outcome.Result;
        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Equal("Hi!", result.Text);
        var call = Assert.Single(result.ToolCalls);
        Assert.Equal("get_weather", call.Name);
        Assert.StartsWith("call_", call.CallId);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"city":"Paris"}"""), JsonNode.Parse(call.Arguments)), call.Arguments);
        Assert.Equal(["message", "function_call"], result.OutputItems.Select(i => i.GetProperty("type").GetString()));
        if (stream)
            Assert.Equal(call.Arguments, outcome.Joined(ResponseUpdateKind.ToolCallDelta));
    }

    [CompatTheory]
    [InlineData(false, "auto")]
    [InlineData(true, "auto")]
    [InlineData(false, "none")]
    [InlineData(true, "none")]
    public async Task ToolChoiceAutoOrNone_AnswersWithoutACall(bool stream, string choice)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());

        var outcome = await llama.SendAsync(WeatherRequest(ToolChoice.Parse(choice)), stream);

        Assert.Equal(ResponseStatus.Completed, outcome.Result.Status);
        Assert.Equal("Hi!", outcome.Result.Text);
        Assert.Empty(outcome.Result.ToolCalls);
        Assert.DoesNotContain(outcome.Updates, u => u.Kind == ResponseUpdateKind.ToolCallDelta);
    }

    // llama.cpp ignores a tool_choice object in either form (it logs "Wrong type" and acts as auto).
    [CompatTheory]
    [InlineData(false, """{"type":"function","name":"get_weather"}""")]
    [InlineData(true, """{"type":"function","name":"get_weather"}""")]
    [InlineData(false, """{"type":"function","function":{"name":"get_weather"}}""")]
    [InlineData(true, """{"type":"function","function":{"name":"get_weather"}}""")]
    public async Task NamedToolChoice_IgnoredByTheServer_NoCall(bool stream, string choice)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());

        var outcome = await llama.SendAsync(WeatherRequest(ToolChoice.Parse(choice)), stream);

        Assert.Equal(ResponseStatus.Completed, outcome.Result.Status);
        Assert.Equal("Hi!", outcome.Result.Text);
        Assert.Empty(outcome.Result.ToolCalls);
    }

    // llama.cpp streams no output_index: items are told apart by item_id only. The function call is a second output item
    // and its deltas must say so, not land in the message's slot (issue 9 §2).
    [CompatFact]
    public async Task ToolChoiceRequired_Streamed_CallDeltasHaveTheirOwnOutputIndex()
    {
        using var llama = new LlamaClient(await servers.PlainAsync());

        var outcome = await llama.SendAsync(WeatherRequest(ToolChoice.Required), stream: true);

        var textIndexes = outcome.Updates.Where(u => u.Kind == ResponseUpdateKind.TextDelta).Select(u => u.OutputIndex).Distinct().ToList();
        var callIndexes = outcome.Updates.Where(u => u.Kind == ResponseUpdateKind.ToolCallDelta).Select(u => u.OutputIndex).Distinct().ToList();
        Assert.Equal([0], textIndexes);
        Assert.Equal([1], callIndexes);
    }

    [CompatFact]
    public async Task ToolChoiceRequired_Streamed_CallDeltasNameTheCall()
    {
        using var llama = new LlamaClient(await servers.PlainAsync());

        var outcome = await llama.SendAsync(WeatherRequest(ToolChoice.Required), stream: true);

        var call = Assert.Single(outcome.Result.ToolCalls);
        var deltas = outcome.Updates.Where(u => u.Kind == ResponseUpdateKind.ToolCallDelta).ToList();
        Assert.NotEmpty(deltas);
        Assert.All(deltas, d => Assert.Equal("get_weather", d.ToolName));
        Assert.All(deltas, d => Assert.Equal(call.CallId, d.CallId));
    }

    private static ResponseRequest WeatherRequest(ToolChoice choice)
    {
        var request = LlamaClient.Request("What is the weather in Paris?");
        request.Tools = LlamaClient.WeatherTools();
        request.ToolChoice = choice;
        return request;
    }
}
