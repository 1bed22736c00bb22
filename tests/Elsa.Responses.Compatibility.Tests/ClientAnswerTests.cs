using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Compatibility.Tests.TestSupport;

namespace Elsa.Responses.Compatibility.Tests;

/// <summary>The client against llama-server: what the tiny model answers, whole and streamed.</summary>
[Collection(LlamaServerCollection.Name)]
public sealed class ClientAnswerTests(LlamaServerFixture servers)
{
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PlainText_AnswersHiCompleted(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());

        var outcome = await llama.SendAsync(LlamaClient.Request(), stream);

        var result = outcome.Result;
        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Equal("Hi!", result.Text);
        Assert.Equal("", result.Reasoning);
        Assert.Empty(result.ToolCalls);
        Assert.Null(result.IncompleteReason);
        Assert.Null(result.Error);
        Assert.Equal("tiny", result.Model);
        Assert.StartsWith("resp_", result.Id);
        var message = Assert.Single(result.OutputItems);
        Assert.Equal("message", message.GetProperty("type").GetString());
        if (stream)
            Assert.Equal("Hi!", outcome.Joined(ResponseUpdateKind.TextDelta));
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Usage_FourOutputTokensAndTotalIsTheSum(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());

        var usage = (await llama.SendAsync(LlamaClient.Request(), stream)).Result.Usage;

        Assert.NotNull(usage);
        Assert.Equal(4, usage.OutputTokens);
        Assert.True(usage.InputTokens > 0, $"input tokens {usage.InputTokens}");
        Assert.Equal(usage.InputTokens + usage.OutputTokens, usage.TotalTokens);
        Assert.Equal(0, usage.ReasoningTokens);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Instructions_AreSentAsASystemMessage_SameAnswerMoreInputTokens(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());

        var without = (await llama.SendAsync(LlamaClient.Request(), stream)).Result;
        var instructed = LlamaClient.Request();
        instructed.Instructions = "You are a terse assistant. Answer in one word.";
        var with = (await llama.SendAsync(instructed, stream)).Result;

        Assert.Equal("Hi!", with.Text);
        Assert.Equal(ResponseStatus.Completed, with.Status);
        Assert.NotEqual(without.Usage!.InputTokens, with.Usage!.InputTokens);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stop_CutsTheAnswerBeforeTheStopSequence(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var request = LlamaClient.Request();
        request.Stop = ["!"];

        var result = (await llama.SendAsync(request, stream)).Result;

        Assert.Equal("Hi", result.Text);
        Assert.Equal(ResponseStatus.Completed, result.Status);
    }

    // llama.cpp accepts these and does not act on them: the tiny model answers the same.
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SamplingAndBookkeepingFields_AreAccepted(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var request = LlamaClient.Request();
        request.Model = "any-model-name";
        request.Temperature = 1.5;
        request.TopP = 0.5;
        request.Metadata = new Dictionary<string, string> { ["run"] = "compatibility" };
        request.User = "user-1234";
        request.IncludeUsage = stream ? true : null;

        var result = (await llama.SendAsync(request, stream)).Result;

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Equal("Hi!", result.Text);
        Assert.Equal("tiny", result.Model);
    }

    // llama.cpp says "completed" when it stops at max_output_tokens; the client infers the truncation (issue 9 §2).
    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxOutputTokens_TruncatedAnswer_IsIncompleteForMaxOutputTokens(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var request = LlamaClient.Request();
        request.MaxOutputTokens = 2;

        var result = (await llama.SendAsync(request, stream)).Result;

        Assert.Equal("Hi", result.Text);
        Assert.Equal(2, result.Usage!.OutputTokens);
        Assert.Equal(ResponseStatus.Incomplete, result.Status);
        Assert.Equal("max_output_tokens", result.IncompleteReason);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxOutputTokens_NotReached_StaysCompleted(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var request = LlamaClient.Request();
        request.MaxOutputTokens = 100;

        var result = (await llama.SendAsync(request, stream)).Result;

        Assert.Equal("Hi!", result.Text);
        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Null(result.IncompleteReason);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InputItems_FunctionCallAndItsOutput_AreAccepted(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var request = LlamaClient.Request(ResponseInput.FromItems(
        [
            InputItem.Message("user", "What is the weather in Paris?"),
            InputItem.FunctionCall("call_1", "get_weather", """{"city":"Paris"}"""),
            InputItem.FunctionCallOutput("call_1", """{"temperature":21,"sky":"clear"}"""),
        ]));
        request.Tools = LlamaClient.WeatherTools();

        var result = (await llama.SendAsync(request, stream)).Result;

        Assert.Equal("Hi!", result.Text);
        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Empty(result.ToolCalls);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InputItems_AResultsOutputItemsSentBack_AreAccepted(bool stream)
    {
        using var llama = new LlamaClient(await servers.PlainAsync());
        var first = LlamaClient.Request();
        first.Tools = LlamaClient.WeatherTools();
        first.ToolChoice = ToolChoice.Required;
        var turn = (await llama.SendAsync(first, stream)).Result;
        var call = Assert.Single(turn.ToolCalls);

        var next = LlamaClient.Request(ResponseInput.FromItems(
        [
            InputItem.Message("user", "hi"),
            .. turn.OutputItems.Select(InputItem.FromJson),
            InputItem.FunctionCallOutput(call.CallId, "sunny"),
        ]));
        next.Tools = LlamaClient.WeatherTools();
        var result = (await llama.SendAsync(next, stream)).Result;

        Assert.Equal("Hi!", result.Text);
        Assert.Equal(ResponseStatus.Completed, result.Status);
    }

    [CompatTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThinkingTemplate_ReasoningOnly_EmptyText(bool stream)
    {
        using var llama = new LlamaClient(await servers.ThinkingAsync());

        var outcome = await llama.SendAsync(LlamaClient.Request(), stream);

        var result = outcome.Result;
        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.Contains("Hi!", result.Reasoning);
        Assert.Equal("", result.Text);
        Assert.Empty(result.ToolCalls);
        var item = Assert.Single(result.OutputItems);
        Assert.Equal("reasoning", item.GetProperty("type").GetString());
        if (stream)
        {
            Assert.Contains("Hi!", outcome.Joined(ResponseUpdateKind.ReasoningDelta));
            Assert.DoesNotContain(outcome.Updates, u => u.Kind == ResponseUpdateKind.TextDelta);
        }
    }

    [CompatFact]
    public async Task Models_ListsTiny()
    {
        using var llama = new LlamaClient(await servers.PlainAsync());

        var models = await llama.Client.ListModelsAsync();

        Assert.Contains("tiny", models);
    }

    [CompatFact]
    public async Task Models_KeyedServerWithTheRightKey_ListsTiny()
    {
        using var llama = new LlamaClient(await servers.KeyedAsync(), LlamaServerFixture.ApiKey);

        Assert.Contains("tiny", await llama.Client.ListModelsAsync());
    }
}
