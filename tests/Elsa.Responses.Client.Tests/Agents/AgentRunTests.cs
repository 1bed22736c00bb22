using System.Text.Json;
using Elsa.Responses.Client.Agents;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Tests.Agents;

/// <summary>Issue 10: the agent loop's state and its rules (limits, budget, tool errors), and that it survives persistence.</summary>
public sealed class AgentRunTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_text_prompt_starts_the_conversation_as_a_user_message()
    {
        var run = AgentRun.Start("Weather?");

        Assert.Equal("""{"type":"message","role":"user","content":"Weather?"}""", Assert.Single(run.Conversation).GetRawText());
        Assert.Null(run.HaltBeforeNextCall(new AgentLimits()));
    }

    [Fact]
    public void Max_iterations_halts_once_the_calls_reach_it()
    {
        var run = AgentRun.Start("x");
        var limits = new AgentLimits(MaxIterations: 2);

        run.RecordModelCall(Answer(total: 10));
        Assert.Null(run.HaltBeforeNextCall(limits));
        run.RecordModelCall(Answer(total: 10));

        Assert.Equal(AgentHalt.MaxIterations, run.HaltBeforeNextCall(limits));
    }

    [Theory]
    [InlineData(100, 199, AgentHalt.BudgetExceeded)]
    [InlineData(100, 200, null)]
    [InlineData(100, 1000, null)]
    public void Budget_halts_when_the_sum_plus_the_last_calls_total_would_pass_it(long firstCallTotal, long budget, AgentHalt? expected)
    {
        var run = AgentRun.Start("x");
        run.RecordModelCall(Answer(total: firstCallTotal));

        Assert.Equal(expected, run.HaltBeforeNextCall(new AgentLimits(MaxTotalTokens: budget)));
    }

    [Fact]
    public void Usage_is_summed_over_every_call()
    {
        var run = AgentRun.Start("x");

        run.RecordModelCall(Answer(total: 100) with { Usage = new ResponseUsage(80, 20, 100, 5, 1) });
        run.RecordModelCall(Answer(total: 0) with { Usage = null });
        run.RecordModelCall(Answer(total: 59) with { Usage = new ResponseUsage(42, 17, 59, 8, 5) });

        Assert.Equal(new ResponseUsage(122, 37, 159, 13, 6), run.Usage);
        Assert.Equal(3, run.Iterations);
    }

    [Fact]
    public void A_turn_appends_one_output_per_step_in_call_order_whatever_order_they_ended_in()
    {
        var run = AgentRun.Start("x");
        run.RecordModelCall(Answer(total: 1));
        run.BeginStep(new ToolCall("c1", "a", "{}"), Noon);
        run.BeginStep(new ToolCall("c2", "b", "{}"), Noon);

        run.EndStep("c2", AgentStepStatus.Completed, """{"b":2}""", "wf2", Noon.AddSeconds(3));
        Assert.Single(run.PendingSteps);
        var first = run.EndStep("c1", AgentStepStatus.Completed, """{"a":1}""", "wf1", Noon.AddSeconds(5));
        run.CompleteTurn();

        Assert.Equal(TimeSpan.FromSeconds(5), first.Duration);
        Assert.Empty(run.PendingSteps);
        var outputs = run.Conversation.Where(i => i.GetProperty("type").GetString() == "function_call_output").Select(i => i.GetProperty("call_id").GetString());
        Assert.Equal(["c1", "c2"], outputs);
    }

    [Fact]
    public void Three_tool_errors_in_a_row_are_too_many_and_a_success_resets_the_count()
    {
        var run = AgentRun.Start("x");
        var limits = new AgentLimits();
        void Turn(params string[] statuses)
        {
            run.RecordModelCall(Answer(total: 1));
            for (var i = 0; i < statuses.Length; i++)
            {
                run.BeginStep(new ToolCall($"c{run.Iterations}_{i}", "t", "{}"), Noon);
                run.EndStep($"c{run.Iterations}_{i}", statuses[i], AgentRun.ErrorOutput("no"), null, Noon);
            }

            run.CompleteTurn();
        }

        Turn(AgentStepStatus.Faulted, AgentStepStatus.InvalidArguments);
        Assert.False(run.TooManyToolErrors(limits));
        Turn(AgentStepStatus.Completed);
        Turn(AgentStepStatus.UnknownTool, AgentStepStatus.Faulted);
        Assert.False(run.TooManyToolErrors(limits));
        Turn(AgentStepStatus.Faulted);
        Assert.True(run.TooManyToolErrors(limits));
    }

    [Fact]
    public void State_read_back_from_json_is_the_same_run()
    {
        var run = AgentRun.Start(ResponseInput.FromItems([InputItem.Message("system", "Be brief."), InputItem.Message("user", "Hi")]));
        run.RecordModelCall(Answer(total: 40) with { ToolCalls = [new ToolCall("c1", "get_weather", """{"city":"Oslo"}""")] });
        run.BeginStep(new ToolCall("c1", "get_weather", """{"city":"Oslo"}"""), Noon);
        run.MarkWaiting("c1", "child-1");
        run.RecordExternalCalls([new ToolCall("c9", "lookup", "{}")]);

        var copy = AgentRun.FromJson(run.ToJson());

        Assert.Equal(run.ToJson(), copy.ToJson());
        Assert.Equal(run.Conversation.Select(i => i.GetRawText()), copy.Conversation.Select(i => i.GetRawText()));
        var pending = Assert.Single(copy.PendingSteps);
        Assert.Equal("child-1", pending.WorkflowInstanceId);
        Assert.Equal(Noon, pending.StartedAt);
        Assert.Equal(run.Usage, copy.Usage);
        Assert.Equal(new ToolCall("c9", "lookup", "{}"), Assert.Single(copy.ExternalCalls));
        Assert.Equal(AgentHalt.BudgetExceeded, copy.HaltBeforeNextCall(new AgentLimits(MaxTotalTokens: 79)));
    }

    [Fact]
    public void Error_output_is_a_json_object_the_model_reads_as_written()
    {
        var output = AgentRun.ErrorOutput("There is no tool named 'x' — café");

        Assert.Equal("""{"error":"There is no tool named 'x' — café"}""", output);
        Assert.Equal("There is no tool named 'x' — café", JsonDocument.Parse(output).RootElement.GetProperty("error").GetString());
    }

    private static ResponseResult Answer(long total) => new()
    {
        Status = ResponseStatus.Completed,
        Usage = new ResponseUsage(total, 0, total, 0, 0),
    };
}
