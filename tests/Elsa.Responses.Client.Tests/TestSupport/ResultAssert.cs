using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>Field-by-field comparisons of results, so a failure names the field that differs.</summary>
internal static class ResultAssert
{
    public static void Matches(ExpectedResult expected, ResponseResult actual, bool compareUsage = true)
    {
        Assert.Equal(expected.Status, actual.Status.Value);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.ToolCalls, actual.ToolCalls);
        if (compareUsage)
            Assert.Equal(expected.Usage, actual.Usage);
    }

    public static void Same(ResponseResult expected, ResponseResult actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.IncompleteReason, actual.IncompleteReason);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Reasoning, actual.Reasoning);
        Assert.Equal(expected.ToolCalls, actual.ToolCalls);
        Assert.Equal(expected.Usage, actual.Usage);
        Assert.Equal(expected.OutputItems.Select(i => i.GetRawText()), actual.OutputItems.Select(i => i.GetRawText()));
    }
}
