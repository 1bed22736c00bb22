namespace Elsa.Responses.Compatibility.Tests.TestSupport;

/// <summary>A theory against the real llama-server: skipped, with the reason, when ../shared/llama-server is absent.</summary>
public sealed class CompatTheoryAttribute : TheoryAttribute
{
    public CompatTheoryAttribute()
    {
        if (LlamaServerLocation.SkipReason is { } reason)
            Skip = reason;
    }
}
