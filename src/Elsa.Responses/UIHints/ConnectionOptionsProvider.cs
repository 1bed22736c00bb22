using System.Reflection;
using Elsa.Responses.Client;
using Elsa.Workflows.UIHints.Dropdown;

namespace Elsa.Responses.UIHints;

/// <summary>Fills the Connection dropdown with the connection names configured on the server (never their URLs or keys).</summary>
internal sealed class ConnectionOptionsProvider : DropDownOptionsProviderBase
{
    private readonly IResponsesClientFactory _factory;

    public ConnectionOptionsProvider(IResponsesClientFactory factory) => _factory = factory;

    /// <inheritdoc />
    protected override ValueTask<ICollection<SelectListItem>> GetItemsAsync(PropertyInfo propertyInfo, object? context, CancellationToken cancellationToken)
    {
        var items = new List<SelectListItem> { new(string.Empty, string.Empty) };
        items.AddRange(_factory.ConnectionNames.Select(name => new SelectListItem(name, name)));
        return new(items);
    }
}
