using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>One browser page on the Studio host page, with the steps a person takes in the designer.</summary>
public sealed partial class StudioPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    /// <summary>The CSS selector of a Create Response node on the canvas, the same one designer-assets/elsa-responses.css uses.</summary>
    public const string CreateResponseNodeSelector = "elsa-activity-wrapper[activity-json*='\"type\":\"Elsa.Responses.CreateResponse\"']";

    /// <summary>The CSS selector of a Run Agent node on the canvas, the same one designer-assets/elsa-responses.css uses.</summary>
    public const string RunAgentNodeSelector = "elsa-activity-wrapper[activity-json*='\"type\":\"Elsa.Responses.RunAgent\"']";

    /// <summary>How long the Studio's WebAssembly may take to boot and show its first view.</summary>
    public const int BootTimeoutMs = 120_000;

    /// <summary>The Playwright page.</summary>
    public IPage Page { get; } = page;

    /// <summary>What the page reported since it was created (console, errors, failed requests).</summary>
    public PageLog Log { get; } = new(page);

    /// <summary>The Create Response nodes on the canvas.</summary>
    public ILocator CreateResponseNodes => Page.Locator(CreateResponseNodeSelector);

    /// <summary>The Run Agent nodes on the canvas.</summary>
    public ILocator RunAgentNodes => Page.Locator(RunAgentNodeSelector);

    /// <summary>The panel under the canvas (Input, Output, Common, Test, …).</summary>
    public ILocator BottomPanel => Page.Locator(".rz-splitter-vertical > .rz-splitter-pane").Nth(1);

    /// <summary>The definition id in the address (<c>#/workflows/{id}</c>), or null on the list.</summary>
    public string? DefinitionId => EditorRoute().Match(new Uri(Page.Url).Fragment) is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value) : null;

    /// <summary>Opens a route of the host page.</summary>
    public async Task GotoAsync(string route)
    {
        Log.Add("test", $"open /{route}");
        await Page.GotoAsync("/" + route, new() { Timeout = BootTimeoutMs });
    }

    /// <summary>Waits for the workflow definition list and for its first load to end.</summary>
    /// <remarks>
    /// Studio's list ends each load by writing the table's state into the address (<c>?page=1&amp;pageSize=10</c>, dropping
    /// the <c>#fragment</c>), and MudBlazor closes every open dialog when the address changes. On a busy machine the first
    /// load can still be running when the list is shown: a Create workflow dialog opened then is closed under the test's
    /// hands, or the editor's <c>#/workflows/{id}</c> address is overwritten. So the list is used only once the address
    /// shows that state.
    /// </remarks>
    public async Task WaitForListAsync()
    {
        await Assertions.Expect(Page.Locator("elsa-workflow-definition-list table").First).ToBeVisibleAsync(new() { Timeout = BootTimeoutMs });
        await Assertions.Expect(Page).ToHaveURLAsync(ListStateAddress(), new() { Timeout = BootTimeoutMs });
    }

    /// <summary>Waits for the designer canvas.</summary>
    public async Task WaitForEditorAsync()
    {
        await Assertions.Expect(Page.Locator("elsa-workflow-definition-editor .x6-graph").First).ToBeVisibleAsync(new() { Timeout = BootTimeoutMs });
        // The toolbox is filled from the activity descriptors once the editor has loaded them.
        await Assertions.Expect(Page.Locator(".mud-expand-panel-header").First).ToBeVisibleAsync(new() { Timeout = BootTimeoutMs });
    }

    /// <summary>A link of the host page's header ("Workflow definitions", "Workflow instances").</summary>
    public ILocator HeaderLink(string name) => Page.Locator("#er-nav").GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>Waits for the workflow instance list.</summary>
    public Task WaitForInstanceListAsync() =>
        Assertions.Expect(Page.Locator("elsa-workflow-instance-list table").First).ToBeVisibleAsync(new() { Timeout = BootTimeoutMs });

    /// <summary>The row of the workflow instance list that shows <paramref name="instanceId"/>.</summary>
    public ILocator InstanceRow(string instanceId) =>
        Page.Locator("elsa-workflow-instance-list tbody tr").Filter(new() { Has = Page.Locator("td", new() { HasTextRegex = Exact(instanceId) }) });

    /// <summary>Reads a row of a table: column header → the cell's text.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadRowAsync(ILocator row)
    {
        var json = await row.EvaluateAsync<string>("""
            row => {
              const headers = [...row.closest('table').querySelectorAll('thead th')].map(h => h.textContent.trim());
              const cells = [...row.querySelectorAll(':scope > td')];
              return JSON.stringify(Object.fromEntries(cells.map((c, i) => [headers[i] || '#' + i, c.textContent.trim()])));
            }
            """);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
    }

    /// <summary>The entries of the instance viewer's Journal, oldest first: the activity's name, then "{type} - {event}".</summary>
    public ILocator JournalEntries => Page.Locator("elsa-workflow-instance-viewer .mud-timeline-item .mud-timeline-item-content");

    /// <summary>
    /// Clicks the journal entry that contains <paramref name="entryText"/> until the bottom panel shows the activity of
    /// <paramref name="activityType"/>: a click that lands while the instance viewer is still settling can leave the
    /// workflow's root selected (seen in CI).
    /// </summary>
    public Task SelectJournalEntryAsync(string entryText, string activityType) =>
        Poll.UntilAsync(async () =>
        {
            Log.Add("test", $"select journal entry '{entryText}'");
            await JournalEntries.Filter(new() { HasText = entryText }).ClickAsync();
            try
            {
                await Assertions.Expect(BottomPanel).ToContainTextAsync(activityType, new() { Timeout = 5_000 });
                return true;
            }
            catch (PlaywrightException)
            {
                return false;
            }
        }, $"the journal entry '{entryText}' to select its {activityType} activity");

    /// <summary>Creates a flowchart workflow from the list page and waits for its (empty) canvas; returns its definition id.</summary>
    public async Task<string> CreateWorkflowAsync(string name)
    {
        await WaitForListAsync();
        Log.Add("test", $"create workflow '{name}'");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create workflow" }).First.ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        var nameInput = dialog.Locator("input[type=text]").First;
        await nameInput.FillAsync(name);
        Log.Add("test", "click OK");
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^\\s*ok\\s*$", RegexOptions.IgnoreCase) }).ClickAsync();
        await WaitForEditorAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(EditorAddress());
        return DefinitionId ?? throw new InvalidOperationException($"No definition id in {Page.Url}.");
    }

    /// <summary>A toolbox category's header.</summary>
    public ILocator ToolboxCategory(string name) =>
        Page.Locator(".mud-expand-panel-header").Filter(new() { Has = Page.Locator(".mud-expand-panel-text", new() { HasTextRegex = Exact(name) }) });

    /// <summary>A toolbox entry (drag source).</summary>
    public ILocator ToolboxItem(string displayName) =>
        Page.Locator("div[draggable=true]").Filter(new() { HasTextRegex = Exact(displayName) });

    /// <summary>The toolbox entries of a category, once it is expanded.</summary>
    public ILocator ToolboxItemsOf(string category) =>
        Page.Locator(".mud-expand-panel").Filter(new() { Has = ToolboxCategory(category) }).Locator("div[draggable=true]");

    /// <summary>Expands a toolbox category.</summary>
    public async Task ExpandToolboxCategoryAsync(string name)
    {
        var panel = Page.Locator(".mud-expand-panel").Filter(new() { Has = ToolboxCategory(name) });
        if (await panel.EvaluateAsync<bool>("p => !p.classList.contains('mud-panel-expanded')"))
            await ToolboxCategory(name).ClickAsync();
        await ToolboxItemsOf(name).First.WaitForAsync();
    }

    /// <summary>Drags a toolbox entry onto the canvas, centred and in its upper part (it stays in view when the bottom panel is enlarged).</summary>
    /// <remarks>
    /// A drag started while the toolbox is still settling (a category opening, the descriptors drawn again) has been seen
    /// to add the category's first entry instead of the one grabbed, so the drag waits until the entry is what lies
    /// under its own centre.
    /// </remarks>
    public async Task DragToCanvasAsync(ILocator toolboxItem)
    {
        await Poll.UntilAsync(() => toolboxItem.EvaluateAsync<bool>("""
                item => {
                  const box = item.getBoundingClientRect();
                  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
                  return box.height > 0 && !!hit && item.contains(hit) && !item.closest('.mud-collapse-entering');
                }
                """), "the toolbox entry to be the element under its centre");
        var canvas = Page.Locator("elsa-workflow-definition-editor .x6-graph").First;
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("The canvas has no size.");
        await toolboxItem.DragToAsync(canvas, new() { TargetPosition = new() { X = box.Width / 2, Y = box.Height / 4 } });
    }

    /// <summary>Selects a node on the canvas (the Input tab then shows its inputs).</summary>
    /// <remarks>
    /// Forced: X6 nodes live in an SVG foreignObject, and Playwright's "stable" check never settles on them while the
    /// designer re-renders; the node is visible (checked first) and a person's click selects it.
    /// </remarks>
    public async Task SelectNodeAsync(ILocator node)
    {
        var content = node.Locator(".activity-content");
        await content.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await content.ClickAsync(new() { Force = true });
    }

    /// <summary>The computed <c>background-image</c> of a node's icon box.</summary>
    public Task<string> IconBackgroundAsync(ILocator node) =>
        node.Locator(".activity-icon").EvaluateAsync<string>("e => getComputedStyle(e).backgroundImage");

    /// <summary>Drags the splitter between the canvas and the bottom panel up, so that the inputs have room.</summary>
    public async Task EnlargeBottomPanelAsync(int canvasBottom = 260)
    {
        var splitter = Page.Locator(".rz-splitter-vertical > .rz-splitter-bar").First;
        var bar = await splitter.BoundingBoxAsync() ?? throw new InvalidOperationException("No splitter bar.");
        await Page.Mouse.MoveAsync(bar.X + bar.Width / 2, bar.Y + bar.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(bar.X + bar.Width / 2, canvasBottom, new() { Steps = 12 });
        await Page.Mouse.UpAsync();
        // The splitter follows the mouse once the page has handled the moves (a pane's minimum size may stop it short).
        if (Math.Abs(bar.Y - canvasBottom) > 20)
            await Poll.UntilAsync(async () => (await splitter.BoundingBoxAsync())?.Y is { } y && Math.Abs(y - bar.Y) > 10,
                $"the splitter to move from y={bar.Y:0} towards y={canvasBottom}");
    }

    /// <summary>Scrolls the bottom panel so that the Test tab's section <paramref name="section"/> is at its top.</summary>
    public Task ScrollToSectionAsync(string section) =>
        BottomPanel.Locator(".mud-typography-overline").Filter(new() { HasTextRegex = Exact(section) }).First
            .EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");

    /// <summary>
    /// Scrolls only the bottom panel's own scroll box so that its section <paramref name="section"/> is at the top; the
    /// page around it (the instance viewer's canvas) stays where it is.
    /// </summary>
    public Task ScrollPanelToSectionAsync(string section) =>
        BottomPanel.Locator(".mud-typography-overline").Filter(new() { HasTextRegex = Exact(section) }).First.EvaluateAsync("""
            e => {
              let box = e.parentElement;
              while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
              if (box) box.scrollTop += e.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
            }
            """);

    /// <summary>A tab of the bottom panel (Input, Output, Test, …).</summary>
    public ILocator BottomTab(string name) => BottomPanel.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true });

    /// <summary>The editor of an input in the Input tab, found by its label.</summary>
    public ILocator InputEditor(string label) =>
        BottomPanel.Locator("div.flex-1").Filter(new()
        {
            Has = Page.Locator("label.mud-input-label, label.mud-checkbox", new() { HasTextRegex = Exact(label) }),
        }).Last;

    /// <summary>The entries of a check list input (Run Agent's Tool workflows): one labelled checkbox each.</summary>
    public ILocator CheckListItems(string label) => InputEditor(label).Locator("label.mud-checkbox");

    /// <summary>Every input of the Input tab: its label, the kind of editor it has and its help text.</summary>
    public async Task<IReadOnlyList<InputEditorInfo>> ReadInputEditorsAsync()
    {
        var json = await BottomPanel.EvaluateAsync<string>("""
            panel => JSON.stringify([...panel.querySelectorAll('div.flex-1')]
              .filter(body => body.querySelector('.mud-input-helper-text') && !body.querySelector('div.flex-1'))
              .map(body => {
                const checkbox = body.querySelector('label.mud-checkbox');
                const label = checkbox ? checkbox.textContent.trim()
                  : (body.querySelector('label.mud-input-label')?.textContent.trim() ?? body.querySelector('legend')?.textContent.trim() ?? '');
                const monaco = body.querySelector('.monaco-editor-container');
                let kind = 'unknown';
                if (monaco) kind = monaco.getAttribute('data-mode-id') === 'json' ? 'json-editor' : 'code-editor:' + monaco.getAttribute('data-mode-id');
                else if (body.querySelector('.mud-select-extended, .mud-select')) kind = 'dropdown';
                else if (checkbox && body.querySelector('input[type=checkbox]')) kind = 'checkbox';
                else if (body.querySelector('textarea')) kind = 'multiline';
                else if (body.querySelector('table thead') && /Key/.test(body.querySelector('table thead').textContent)) kind = 'dictionary';
                else if (body.querySelector('input[type=text]')) kind = 'text';
                return { label, kind, help: body.querySelector('.mud-input-helper-text').textContent.trim() };
              }))
            """);
        return JsonSerializer.Deserialize<List<InputEditorInfo>>(json, JsonOptions)!;
    }

    /// <summary>The options of the open dropdown (the first is the empty choice).</summary>
    public ILocator OpenDropdownOptions => Page.Locator(".mud-popover-open .mud-list-item-extended");

    /// <summary>Opens a dropdown of the Input tab and waits for its options; <see cref="OpenDropdownOptions"/> are them.</summary>
    public async Task OpenDropdownAsync(string label)
    {
        Log.Add("test", $"open the {label} dropdown");
        await InputEditor(label).Locator(".mud-input-control").First.ClickAsync();
        await Assertions.Expect(OpenDropdownOptions.First).ToBeVisibleAsync();
    }

    /// <summary>Picks an option of an open dropdown (waiting for it to be listed) and waits for the list to close.</summary>
    public async Task ChooseOpenDropdownOptionAsync(string option)
    {
        Log.Add("test", $"choose {option}");
        await OpenDropdownOptions.Filter(new() { HasTextRegex = Exact(option) }).ClickAsync();
        await Assertions.Expect(OpenDropdownOptions).ToHaveCountAsync(0);
    }

    /// <summary>Types into a single- or multi-line input and leaves it, which commits the value.</summary>
    public async Task FillAsync(string label, string text)
    {
        var field = InputEditor(label).Locator("textarea, input[type=text]").First;
        await field.FillAsync(text);
        await field.PressAsync("Tab");
    }

    /// <summary>Clicks Start on the Test tab and waits for the result's Status and Outcomes.</summary>
    public async Task<PanelSections> RunTestAsync()
    {
        Log.Add("test", "run the Test tab");
        await BottomTab("Test").ClickAsync();
        await BottomPanel.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        // The run calls the Responses server; on a busy machine that, and the result's rendering, take a while.
        var shown = new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 };
        await Assertions.Expect(ResultValue("Outcomes")).ToHaveTextAsync(NotBlank(), shown);
        await Assertions.Expect(ResultValue("Status")).ToHaveTextAsync(NotBlank(), shown);
        return await ReadPanelSectionsAsync();
    }

    // The value cell of the Test tab's result row named `row` (the Status and Outcomes sections have one row each, named
    // like the section).
    private ILocator ResultValue(string row) =>
        BottomPanel.Locator("tr").Filter(new() { Has = Page.Locator("td:first-child", new() { HasTextRegex = Exact(row) }) })
            .Locator("td:nth-child(2)").First;

    /// <summary>
    /// Reads the bottom panel's tables, section by section: the Test tab's result in the editor, or the Activity tab of the
    /// instance viewer.
    /// </summary>
    public async Task<PanelSections> ReadPanelSectionsAsync()
    {
        var json = await BottomPanel.EvaluateAsync<string>("""
            panel => {
              const sections = {};
              let current = null;
              for (const element of panel.querySelectorAll('.mud-typography-overline, tr')) {
                if (element.classList.contains('mud-typography-overline')) { current = element.textContent.trim(); sections[current] = sections[current] || {}; continue; }
                const cells = element.querySelectorAll(':scope > td');
                if (!current || cells.length < 2) continue;
                sections[current][cells[0].textContent.trim()] = cells[1].textContent.trim();
              }
              return JSON.stringify(sections);
            }
            """);
        return new PanelSections(JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(json)!);
    }

    /// <summary>Saves a PNG (see <see cref="Screenshots"/>) of the page, or of one element.</summary>
    public Task ScreenshotAsync(string name, ILocator? element = null) => Screenshots.SaveAsync(Page, name, element);

    /// <summary>Saves a PNG of the designer without the workflow properties column on the right (smaller files).</summary>
    public async Task ScreenshotDesignerAsync(string name)
    {
        var right = await Page.Locator(".rz-splitter-bar").EvaluateAllAsync<double>(
            "bars => Math.max(...bars.filter(b => b.parentElement.classList.contains('rz-splitter-horizontal')).map(b => b.getBoundingClientRect().left))");
        var viewport = Page.ViewportSize!;
        var width = right > 300 && right < viewport.Width ? right : viewport.Width;
        await Screenshots.SaveAsync(Page, name, clip: new Clip { X = 0, Y = 0, Width = (float)width, Height = viewport.Height });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await context.CloseAsync();

    /// <summary>Matches <paramref name="text"/> exactly, give or take surrounding white space.</summary>
    public static Regex Exact(string text) => new($"^\\s*{Regex.Escape(text)}\\s*$");

    /// <summary>Matches any text that is not only white space.</summary>
    public static Regex NotBlank() => new(@"\S");

    /// <summary>Matches empty or white-space text (the empty choice of a dropdown).</summary>
    public static Regex Blank() => new(@"^\s*$");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [GeneratedRegex("^#/workflows/([^/?#]+)")]
    private static partial Regex EditorRoute();

    [GeneratedRegex("#/workflows/[^/?#]+")]
    private static partial Regex EditorAddress();

    [GeneratedRegex(@"[?&]pageSize=\d+")]
    private static partial Regex ListStateAddress();

    /// <summary>A journal entry as the instance viewer shows it: the activity's name, then its type and the event.</summary>
    public static Regex JournalEntry(string name, string typeAndEvent) => new($"^\\s*{Regex.Escape(name)}\\s+{Regex.Escape(typeAndEvent)}\\s*$");
}

/// <summary>An input as the Input tab shows it.</summary>
public sealed record InputEditorInfo(string Label, string Kind, string Help);

/// <summary>
/// What the bottom panel's tables show: section → row → value. After a Test tab run the sections are Status, State,
/// Outcomes, Output, …; in the instance viewer's Activity tab they are Activity, State (the inputs), Outcomes, Output.
/// </summary>
public sealed record PanelSections(IReadOnlyDictionary<string, Dictionary<string, string>> Sections)
{
    /// <summary>A row's value, or null.</summary>
    public string? Get(string section, string row) =>
        Sections.TryGetValue(section, out var rows) && rows.TryGetValue(row, out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString() => JsonSerializer.Serialize(Sections);
}
