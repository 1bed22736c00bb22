using System.Text;

namespace Elsa.Responses.Client.Relay;

/// <summary>One output item as the relay sends it: its own id and index, and the text relayed so far.</summary>
internal sealed class RelayedItem(string id, int outputIndex, RelayedItemType type)
{
    public string Id { get; } = id;

    public int OutputIndex { get; } = outputIndex;

    public RelayedItemType Type { get; } = type;

    /// <summary>For a message: its content parts (output_text or refusal), in order.</summary>
    public List<(string Type, StringBuilder Text)> Parts { get; } = [];

    /// <summary>Reasoning text, or a function call's arguments.</summary>
    public StringBuilder Text { get; } = new();

    public string? CallId { get; set; }

    public string? Name { get; set; }

    /// <summary>For a function_call_output item: the tool's output.</summary>
    public string? Output { get; init; }

    public bool Done { get; set; }

    public static string TypeName(RelayedItemType type) => type switch
    {
        RelayedItemType.Message => "message",
        RelayedItemType.Reasoning => "reasoning",
        RelayedItemType.FunctionCall => "function_call",
        _ => "function_call_output",
    };
}

/// <summary>The output item types the relay sends.</summary>
internal enum RelayedItemType
{
    Message,
    Reasoning,
    FunctionCall,
    FunctionCallOutput,
}
