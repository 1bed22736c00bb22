namespace Elsa.Responses.Options;

/// <summary>Module-wide settings, set through <see cref="Features.ResponsesFeature"/>.</summary>
public sealed class ResponsesModuleOptions
{
    /// <summary>The connection an activity uses when its Connection input is empty.</summary>
    public string? DefaultConnection { get; set; }

    /// <summary>Model ids the Model dropdown offers when the server's model list cannot be read.</summary>
    public IList<string> FallbackModels { get; set; } = [];

    /// <summary>How long the Model dropdown waits for a server's model list before it offers <see cref="FallbackModels"/>.</summary>
    public TimeSpan ModelListTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the Model dropdown keeps a server's model list.</summary>
    public TimeSpan ModelListCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether an Input that is a list of items, and the Conversation output, go into the activity execution records
    /// (the journal). Off by default: in a tool loop each would repeat every turn before it. See
    /// <see cref="Features.ResponsesFeature.PersistConversation"/>.
    /// </summary>
    public bool PersistConversation { get; set; }

    /// <summary>
    /// Whether Create Response's Response output (the raw response body) goes into the activity execution records. Off
    /// by default: every other output already holds what it says. See <see cref="Features.ResponsesFeature.PersistRawResponse"/>.
    /// </summary>
    public bool PersistRawResponse { get; set; }
}
