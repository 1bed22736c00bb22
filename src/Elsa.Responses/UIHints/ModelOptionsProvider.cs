using System.Reflection;
using Elsa.Responses.Client;
using Elsa.Responses.Options;
using Elsa.Responses.Services;
using Elsa.Workflows.UIHints.Dropdown;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.UIHints;

/// <summary>
/// Fills the Model dropdown from <c>GET /v1/models</c> on the activity's connection: the literal Connection input that Elsa
/// Studio sends as the refresh context, else the default connection. When the server cannot be reached, or the connection is
/// not configured, it offers the configured fallback models; any other model id can still be typed as an expression.
/// </summary>
internal sealed class ModelOptionsProvider : DropDownOptionsProviderBase
{
    private readonly ModelCatalog _catalog;
    private readonly IResponsesClientFactory _factory;
    private readonly ResponsesModuleOptions _options;

    public ModelOptionsProvider(ModelCatalog catalog, IResponsesClientFactory factory, IOptions<ResponsesModuleOptions> options)
    {
        _catalog = catalog;
        _factory = factory;
        _options = options.Value;
    }

    // Ask Studio to fetch the list again when the activity is edited, so it is not frozen at server start.
    /// <inheritdoc />
    protected override bool RefreshOnChange => true;

    /// <inheritdoc />
    protected override async ValueTask<ICollection<SelectListItem>> GetItemsAsync(PropertyInfo propertyInfo, object? context, CancellationToken cancellationToken)
    {
        var requested = DropdownContextReader.ReadLiteral(context, nameof(Activities.CreateResponse.Connection));
        var connection = ConnectionNameResolver.Resolve(_options, _factory, requested);
        var known = _factory.ConnectionNames.Contains(connection, StringComparer.OrdinalIgnoreCase);
        var models = known ? await _catalog.GetModelsAsync(connection, cancellationToken) : _options.FallbackModels.ToArray();
        var items = new List<SelectListItem> { new(string.Empty, string.Empty) };
        items.AddRange(models.Select(model => new SelectListItem(model, model)));
        return items;
    }
}
