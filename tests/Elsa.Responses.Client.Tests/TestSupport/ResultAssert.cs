using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>Field-by-field comparison of a result with what the test expects, so a failure names the field that differs.</summary>
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
}
