using PuppeteerSharp;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// One reusable Chromium page in a browser context (and minimized window) of its own, opened through PuppeteerSharp and
/// set up once: scripts off and every request intercepted and refused unless it is a data: or about:blank URL. A
/// template page makes no request at all (fonts come from the private fontconfig, the photo is a data: URI), so
/// interception costs nothing per render; it only ever sees hostile or broken content.
/// </summary>
public sealed class PooledPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ChromiumBrowser _chromium;
    private readonly Action<string> _blocked;
    private readonly TaskCompletionSource _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _loaded;
    private int _renders;

    private PooledPage(
        ChromiumInstance browser,
        IBrowserContext context,
        IPage page,
        ChromiumBrowser chromium,
        Action<string> blocked
    )
    {
        Browser = browser;
        _context = context;
        Page = page;
        _chromium = chromium;
        _blocked = blocked;
    }

    public ChromiumInstance Browser { get; }
    public IPage Page { get; }

    public bool IsUsable => Browser.IsAlive && !Page.IsClosed && !_crashed.Task.IsCompleted;

    /// <summary>Faults when the page's renderer crashes, so a print in flight fails now rather than at its
    /// timeout.</summary>
    public Task Crashed => _crashed.Task;

    public static async Task<PooledPage> OpenAsync(
        ChromiumInstance browser,
        ChromiumBrowser chromium,
        Action<string> blocked,
        CancellationToken ct
    )
    {
        var context = await browser.Browser.CreateBrowserContextAsync().WaitAsync(ct);
        try
        {
            // Minimized: the page is hidden, so Chromium only lays it out and prints it. A visible page (each context
            // otherwise gets a normal window) also rasterizes and composites every new document for a screen nobody
            // looks at — measured 40 → 29 ms of Chromium CPU per PDF (bench/README.md, 2026-11-22 13:56).
            var page = await context.NewPageAsync(new CreatePageOptions
            {
                Type = CreatePageType.Window,
                WindowBounds = new WindowBounds { WindowState = WindowState.Minimized },
            }).WaitAsync(ct);
            var pooled = new PooledPage(browser, context, page, chromium, blocked);
            page.Error += (_, e) =>
                pooled._crashed.TrySetException(new PuppeteerException($"The page crashed: {e.Error}"));
            page.Load += pooled.OnLoad;
            // Only what printing needs. The launch turned PuppeteerSharp's Network domain off: requests are refused
            // over the raw Fetch domain instead. Log, Performance and lifecycle events are nothing this reads, and each
            // is DevTools traffic through the browser process on every render (bench/README.md, 2026-12-07 session 9).
            page.Client.MessageReceived += pooled.OnMessage;
            await Task.WhenAll(
                page.SetJavaScriptEnabledAsync(false),
                page.Client.SendAsync("Fetch.enable", new { patterns = new[] { new { urlPattern = "*" } } }),
                page.Client.SendAsync("Log.disable"),
                page.Client.SendAsync("Performance.disable"),
                page.Client.SendAsync("Page.setLifecycleEventsEnabled", new { enabled = false })).WaitAsync(ct);
            return pooled;
        }
        catch
        {
            _ = context.CloseAsync().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Replaces the document in place (<c>Page.setDocumentContent</c>, as PuppeteerSharp's SetContentAsync:
    /// no script, no navigation, the page keeps its renderer process) and waits for its load event
    /// (<c>Page.loadEventFired</c>; lifecycle events are off).</summary>
    public async Task SetContentAsync(string html, int timeoutMs)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _loaded, loaded);
        await Page.Client.SendAsync("Page.setDocumentContent", new { frameId = Page.MainFrame.Id, html });
        await loaded.Task.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));
    }

    /// <summary>Prints the current document (<c>Page.printToPDF</c>). The template's @page decides A4 or Letter and the
    /// margins (the Letter paper here is only the fallback). No document outline: a resume has no use for bookmarks and
    /// they cost print time. The PDF comes back inline in the one answer rather than as a stream read in <c>IO.read</c>
    /// chunks (PuppeteerSharp's PdfDataAsync): fewer round trips per render. No wait for <c>document.fonts.ready</c>:
    /// templates use only installed fonts through the private fontconfig, no <c>@font-face</c> to load.</summary>
    public async Task<byte[]> PrintAsync(bool tagged)
    {
        var printed = await Page.Client.SendAsync("Page.printToPDF", new
        {
            transferMode = "ReturnAsBase64",
            printBackground = true,
            preferCSSPageSize = true,
            generateTaggedPDF = tagged,
            generateDocumentOutline = false,
            paperWidth = 8.5,
            paperHeight = 11,
            marginTop = 0,
            marginBottom = 0,
            marginLeft = 0,
            marginRight = 0,
        });
        var data = printed?.GetProperty("data").GetString()
            ?? throw new PuppeteerException("printToPDF returned no data");
        return Convert.FromBase64String(data);
    }

    /// <summary>Whether its renderer was put back to normal priority once it was hidden
    /// (<see cref="ChromiumProcesses.RestoreRendererPriority"/>).</summary>
    internal bool PriorityRestored { get; set; }

    /// <summary>Counts a render on this page; true every <paramref name="every"/>-th (never when 0).</summary>
    internal bool CountRender(int every) => ++_renders % Math.Max(1, every) == 0 && every > 0;

    /// <summary>Has the renderer free what the documents it printed left behind: a critical memory-pressure signal runs
    /// a full garbage collection and returns free allocator pages to the system
    /// (<c>Memory.simulatePressureNotification</c>).
    /// </summary>
    public Task PurgeMemoryAsync() =>
        Page.Client.SendAsync("Memory.simulatePressureNotification", new { level = "critical" });

    private void OnLoad(object? sender, EventArgs e) => Volatile.Read(ref _loaded)?.TrySetResult();

    /// <summary>Request interception over the raw Fetch domain (no Network domain): refuses everything but about:blank
    /// (data: URLs never reach interception). Async void like any event handler: nothing may escape.</summary>
    private async void OnMessage(object? sender, MessageEventArgs e)
    {
        if (e.MessageID != "Fetch.requestPaused") return;
        try
        {
            var paused = e.MessageData;
            var id = paused.GetProperty("requestId").GetString();
            var url = paused.GetProperty("request").GetProperty("url").GetString() ?? "";
            if (PagePool.IsAllowed(url))
            {
                await Page.Client.SendAsync("Fetch.continueRequest", new { requestId = id });
                return;
            }
            _blocked(url);
            var navigation = paused.GetProperty("resourceType").GetString() == "Document"
                && paused.TryGetProperty("frameId", out var frame) && frame.GetString() == Page.MainFrame.Id;
            // A top-level navigation (<meta http-equiv=refresh>, a link target) answered 204 leaves the page where it
            // is; failing it would swap the document for an error page and print that instead.
            if (navigation)
                await Page.Client.SendAsync("Fetch.fulfillRequest", new { requestId = id, responseCode = 204 });
            else
                await Page.Client.SendAsync(
                    "Fetch.failRequest",
                    new { requestId = id, errorReason = "BlockedByClient" }
                );
        }
        catch (Exception ex) when (ex is PuppeteerException or InvalidOperationException or ObjectDisposedException
            or KeyNotFoundException)
        {
            // The page or its browser went away meanwhile: the request went with it.
        }
    }

    /// <summary>Restores the page's window to normal: a minimized page is hidden and has no screen image to capture.
    /// PuppeteerSharp has the call but opens no window in a state of our choosing otherwise.</summary>
    public async Task ShowAsync() =>
        await Browser.Browser.SetWindowBoundsAsync(
            await Page.WindowIdAsync(),
            new WindowBounds { WindowState = WindowState.Normal }
        );

    /// <summary>Closing the context closes its page. A browser that is alive but does not manage that within 5 s is
    /// hung: it is killed so the next render gets a fresh one.</summary>
    public async ValueTask DisposeAsync()
    {
        Page.Client.MessageReceived -= OnMessage;
        Page.Load -= OnLoad;
        if (!Browser.IsAlive) return; // its browser is gone: the relaunch takes care of it
        try
        {
            await _context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException) when (Browser.IsAlive)
        {
            _chromium.Kill(Browser, "a page did not close within 5 s");
        }
        catch (Exception e) when (e is PuppeteerException or TimeoutException or ObjectDisposedException)
        {
            // The browser went away meanwhile.
        }
    }
}
