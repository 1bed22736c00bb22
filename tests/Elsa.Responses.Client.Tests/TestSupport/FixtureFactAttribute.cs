namespace Elsa.Responses.Client.Tests.TestSupport;

/// <summary>A fact over the shared wire fixtures: skipped, with the reason, when they are absent.</summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (FixtureLocation.SkipReason is { } reason)
            Skip = reason;
    }
}
