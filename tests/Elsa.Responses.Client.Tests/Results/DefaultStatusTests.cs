using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Client.Tests.Results;

/// <summary>Nothing reads as a success unless a server said so: a default status is <c>unknown</c>.</summary>
public sealed class DefaultStatusTests
{
    [Fact]
    public void DefaultStatus_IsUnknownNotCompleted()
    {
        var status = default(ResponseStatus);

        Assert.Equal("unknown", status.Value);
        Assert.NotEqual(ResponseStatus.Completed, status);
        Assert.Equal(ResponseStatus.Unknown, status);
    }

    [Fact]
    public void EmptyResult_DoesNotReadAsCompleted()
    {
        var result = new ResponseResult();

        Assert.True(result.Status != ResponseStatus.Completed);
        Assert.Equal("unknown", result.Status.ToString());
    }
}
