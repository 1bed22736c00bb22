using System.Text;
using Elsa.Responses.Client.Wire;

namespace Elsa.Responses.Client.Streaming;

// What has arrived for one output item (keyed by output_index; by item id where a server sends no output_index).
internal sealed class StreamItemState
{
    /// <summary>The output_index the item is kept under, handed on with each of its updates.</summary>
    public int Index { get; init; }

    public string? Type { get; set; }
    public string? ItemId { get; set; }
    public string? CallId { get; set; }
    public string? Name { get; set; }

    // The text builders are made on first use: most items only ever fill one of them.
    private StringBuilder? _text;
    private StringBuilder? _refusal;
    private StringBuilder? _argumentDeltas;
    private SortedDictionary<int, StringBuilder>? _reasoning;
    private List<string>? _doneTexts;

    public StringBuilder Text => _text ??= new();
    public bool HasTextDeltas { get; set; }
    public List<string> DoneTexts => _doneTexts ??= [];
    public bool HasDoneTexts => _doneTexts is { Count: > 0 };

    public StringBuilder Refusal => _refusal ??= new();
    public bool HasRefusalDeltas => _refusal is { Length: > 0 };
    public string? RefusalDone { get; set; }

    // Reasoning parts by summary_index (or content_index for reasoning_text).
    public SortedDictionary<int, StringBuilder> Reasoning => _reasoning ??= [];

    public StringBuilder ArgumentDeltas => _argumentDeltas ??= new();
    public bool HasArgumentDeltas { get; set; }
    public string? ArgumentsDone { get; set; }

    public WireOutputItem? DoneItem { get; set; }

    // The item id last filed under this item's index (StreamAccumulator), so that the deltas that repeat it do not
    // file it again.
    public string? FiledItemId { get; set; }

    public void Describe(WireOutputItem item)
    {
        Type ??= item.Type;
        ItemId ??= item.Id;
        CallId ??= item.CallId;
        Name ??= item.Name;
    }

    public StringBuilder ReasoningPart(int index)
    {
        if (!Reasoning.TryGetValue(index, out var part))
            Reasoning[index] = part = new StringBuilder();
        return part;
    }
}
