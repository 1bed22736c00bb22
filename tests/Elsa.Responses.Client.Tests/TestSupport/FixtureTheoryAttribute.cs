namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>A theory over the shared wire fixtures: skipped, with the reason, when they are absent.</summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (FixtureLocation.SkipReason is { } reason)
            Skip = reason;
    }
}
