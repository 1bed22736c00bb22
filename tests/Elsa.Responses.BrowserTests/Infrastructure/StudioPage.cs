using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Elsa.Responses.BrowserTests.Infrastructure;

/// <summary>One browser page on the Studio host page, with the steps a person takes in the designer.</summary>
public sealed partial class StudioPage(StudioFixture fixture, IBrowserContext context, IPage page) : IAsyncDisposable
{
    /// <summary>The CSS selector of a Create Response node on the canvas, the same one designer-assets/elsa-responses.css uses.</summary>
    public const string CreateResponseNodeSelector = "elsa-activity-wrapper[activity-json*='\"type\":\"Elsa.Responses.CreateResponse\"']";

    private readonly List<string> _consoleErrors = [];

    /// <summary>The Playwright page.</summary>
    public IPage Page { get; } = page;

    /// <summary>Errors the page wrote to its console.</summary>
    public IReadOnlyList<string> ConsoleErrors => _consoleErrors;

    /// <summary>The Create Response nodes on the canvas.</summary>
    public ILocator CreateResponseNodes => Page.Locator(CreateResponseNodeSelector);

    /// <summary>The panel under the canvas (Input, Output, Common, Test, …).</summary>
    public ILocator BottomPanel => Page.Locator(".rz-splitter-vertical > .rz-splitter-pane").Nth(1);

    /// <summary>The definition id in the address (<c>#/workflows/{id}</c>), or null on the list.</summary>
    public string? DefinitionId => EditorRoute().Match(new Uri(Page.Url).Fragment) is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value) : null;

    /// <summary>Opens a route of the host page.</summary>
    public async Task GotoAsync(string route)
    {
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
                _consoleErrors.Add(message.Text);
        };
        await Page.GotoAsync("/" + route);
    }

    /// <summary>Waits for the workflow definition list.</summary>
    public Task WaitForListAsync() =>
        Page.Locator("elsa-workflow-definition-list table").First.WaitForAsync(new() { Timeout = 120_000 });

    /// <summary>Waits for the designer canvas.</summary>
    public async Task WaitForEditorAsync()
    {
        await Page.Locator("elsa-workflow-definition-editor .x6-graph").First.WaitForAsync(new() { Timeout = 120_000 });
        // The toolbox is filled from the activity descriptors once the editor has loaded them.
        await Page.Locator(".mud-expand-panel-header").First.WaitForAsync();
    }

    /// <summary>Creates a flowchart workflow from the list page and waits for its (empty) canvas; returns its definition id.</summary>
    public async Task<string> CreateWorkflowAsync(string name)
    {
        await WaitForListAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create workflow" }).First.ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        var nameInput = dialog.Locator("input[type=text]").First;
        await nameInput.FillAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^\\s*ok\\s*$", RegexOptions.IgnoreCase) }).ClickAsync();
        await WaitForEditorAsync();
        await Expect(() => DefinitionId is not null, "the address to show the new workflow's id");
        return DefinitionId!;
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
    public async Task DragToCanvasAsync(ILocator toolboxItem)
    {
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
        var bar = await Page.Locator(".rz-splitter-vertical > .rz-splitter-bar").First.BoundingBoxAsync()
                  ?? throw new InvalidOperationException("No splitter bar.");
        await Page.Mouse.MoveAsync(bar.X + bar.Width / 2, bar.Y + bar.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(bar.X + bar.Width / 2, canvasBottom, new() { Steps = 12 });
        await Page.Mouse.UpAsync();
    }

    /// <summary>Scrolls the bottom panel so that the Test tab's section <paramref name="section"/> is at its top.</summary>
    public Task ScrollToSectionAsync(string section) =>
        BottomPanel.Locator(".mud-typography-overline").Filter(new() { HasTextRegex = Exact(section) }).First
            .EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");

    /// <summary>A tab of the bottom panel (Input, Output, Test, …).</summary>
    public ILocator BottomTab(string name) => BottomPanel.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true });

    /// <summary>The editor of an input in the Input tab, found by its label.</summary>
    public ILocator InputEditor(string label) =>
        BottomPanel.Locator("div.flex-1").Filter(new()
        {
            Has = Page.Locator("label.mud-input-label, label.mud-checkbox", new() { HasTextRegex = Exact(label) }),
        }).Last;

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

    /// <summary>Opens the Model dropdown and returns its options (the first is the empty choice).</summary>
    public async Task<IReadOnlyList<string>> OpenDropdownAsync(string label)
    {
        await InputEditor(label).Locator(".mud-input-control").First.ClickAsync();
        var items = Page.Locator(".mud-popover-open .mud-list-item-extended");
        await items.First.WaitForAsync();
        return (await items.AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
    }

    /// <summary>Picks an option of an open dropdown.</summary>
    public async Task ChooseOpenDropdownOptionAsync(string option)
    {
        await Page.Locator(".mud-popover-open .mud-list-item-extended").Filter(new() { HasTextRegex = Exact(option) }).ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item-extended").First.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    /// <summary>Types into a single- or multi-line input and leaves it, which commits the value.</summary>
    public async Task FillAsync(string label, string text)
    {
        var field = InputEditor(label).Locator("textarea, input[type=text]").First;
        await field.FillAsync(text);
        await field.PressAsync("Tab");
    }

    /// <summary>Clicks Start on the Test tab and waits for the result's Outcomes.</summary>
    public async Task<TestRunResult> RunTestAsync()
    {
        await BottomTab("Test").ClickAsync();
        await BottomPanel.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await BottomPanel.Locator("td", new() { HasTextRegex = Exact("Outcomes") }).First.WaitForAsync(new() { Timeout = 90_000 });
        TestRunResult? result = null;
        await Expect(async () =>
        {
            result = await ReadTestResultAsync();
            return result.Get("Status", "Status") is { Length: > 0 } && result.Get("Outcomes", "Outcomes") is { Length: > 0 };
        }, "the Test tab to show the run's status and outcome");
        return result!;
    }

    /// <summary>Reads the Test tab's result tables: section → (row → value).</summary>
    public async Task<TestRunResult> ReadTestResultAsync()
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
        return new TestRunResult(JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(json)!);
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

    /// <summary>Polls <paramref name="condition"/> until it holds, or fails with <paramref name="what"/>.</summary>
    public static async Task Expect(Func<Task<bool>> condition, string what, int timeoutMs = 60_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            if (await condition())
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(250);
        }
    }

    /// <inheritdoc cref="Expect(Func{Task{bool}}, string, int)"/>
    public static Task Expect(Func<bool> condition, string what, int timeoutMs = 60_000) => Expect(() => Task.FromResult(condition()), what, timeoutMs);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await context.CloseAsync();

    /// <summary>The fixture this page belongs to.</summary>
    public StudioFixture Fixture => fixture;

    private static Regex Exact(string text) => new($"^\\s*{Regex.Escape(text)}\\s*$");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [GeneratedRegex("^#/workflows/([^/?#]+)")]
    private static partial Regex EditorRoute();
}

/// <summary>An input as the Input tab shows it.</summary>
public sealed record InputEditorInfo(string Label, string Kind, string Help);

/// <summary>What the Test tab shows after a run: section (Status, State, Outcomes, Output, …) → row → value.</summary>
public sealed record TestRunResult(IReadOnlyDictionary<string, Dictionary<string, string>> Sections)
{
    /// <summary>A row's value, or null.</summary>
    public string? Get(string section, string row) =>
        Sections.TryGetValue(section, out var rows) && rows.TryGetValue(row, out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString() => JsonSerializer.Serialize(Sections);
}
