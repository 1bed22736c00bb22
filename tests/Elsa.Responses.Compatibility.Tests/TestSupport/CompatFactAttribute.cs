namespace Elsa.Responses.Compatibility.Tests.TestSupport;

/// <summary>A fact against the real llama-server: skipped, with the reason, when ../shared/llama-server is absent.</summary>
public sealed class CompatFactAttribute : FactAttribute
{
    public CompatFactAttribute()
    {
        if (LlamaServerLocation.SkipReason is { } reason)
            Skip = reason;
    }
}
