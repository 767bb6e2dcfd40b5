using PuppeteerSharp;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// One reusable Chromium page in a browser context (and minimized window) of its own, set up once through PuppeteerSharp:
/// scripts off and every request intercepted and refused unless it is a data: or about:blank URL. A template page makes
/// no request at all (fonts come from the private fontconfig, the photo is a data: URI), so interception costs nothing
/// per render; it only ever sees hostile or broken content.
/// </summary>
public sealed class PooledPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ChromiumBrowser _chromium;
    private readonly Action<string> _blocked;
    private readonly TaskCompletionSource _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PooledPage(ChromiumInstance browser, IBrowserContext context, IPage page, ChromiumBrowser chromium, Action<string> blocked)
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

    /// <summary>Faults when the page's renderer crashes, so a print in flight fails now rather than at its timeout.</summary>
    public Task Crashed => _crashed.Task;

    public static async Task<PooledPage> OpenAsync(ChromiumInstance browser, ChromiumBrowser chromium, Action<string> blocked, CancellationToken ct)
    {
        var context = await browser.Browser.CreateBrowserContextAsync().WaitAsync(ct);
        try
        {
            // Minimized: the page is hidden, so Chromium only lays it out and prints it. A visible page (each context
            // otherwise gets a normal window) also rasterizes and composites every new document for a screen nobody looks
            // at — measured 40 → 29 ms of Chromium CPU per PDF (bench/README.md, 2026-11-22 13:56).
            var page = await context.NewPageAsync(new CreatePageOptions
            {
                Type = CreatePageType.Window,
                WindowBounds = new WindowBounds { WindowState = WindowState.Minimized },
            }).WaitAsync(ct);
            var pooled = new PooledPage(browser, context, page, chromium, blocked);
            page.Error += (_, e) => pooled._crashed.TrySetException(new PuppeteerException($"The page crashed: {e.Error}"));
            page.Request += pooled.OnRequest;
            await Task.WhenAll(page.SetJavaScriptEnabledAsync(false), page.SetRequestInterceptionAsync(true)).WaitAsync(ct);
            return pooled;
        }
        catch
        {
            _ = context.CloseAsync().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Replaces the document (<c>Page.setDocumentContent</c>: no script needed) and waits for its load event.</summary>
    public Task SetContentAsync(string html, int timeoutMs) =>
        Page.SetContentAsync(html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = timeoutMs });

    /// <summary>Restores the page's window to normal: a minimized page is hidden and has no screen image to capture.
    /// PuppeteerSharp has the call but opens no window in a state of our choosing otherwise.</summary>
    public async Task ShowAsync() =>
        await Browser.Browser.SetWindowBoundsAsync(await Page.WindowIdAsync(), new WindowBounds { WindowState = WindowState.Normal });

    /// <summary>PuppeteerSharp raises requests as async-void events: anything thrown here would take the process down.</summary>
    private async void OnRequest(object? sender, RequestEventArgs e)
    {
        try
        {
            var request = e.Request;
            if (PagePool.IsAllowed(request.Url))
            {
                await request.ContinueAsync();
                return;
            }
            _blocked(request.Url);
            // A top-level navigation (<meta http-equiv=refresh>, a link target) answered 204 leaves the page where it is;
            // failing it would swap the document for an error page and print that instead.
            if (request.IsNavigationRequest && request.Frame == Page.MainFrame)
                await request.RespondAsync(new ResponseData { Status = System.Net.HttpStatusCode.NoContent });
            else
                await request.AbortAsync(RequestAbortErrorCode.BlockedByClient);
        }
        catch (Exception ex) when (ex is PuppeteerException or InvalidOperationException or ObjectDisposedException)
        {
            // The page or its browser went away meanwhile: the request went with it.
        }
    }

    /// <summary>Closing the context closes its page. A browser that is alive but does not manage that within 5 s is hung:
    /// it is killed so the next render gets a fresh one.</summary>
    public async ValueTask DisposeAsync()
    {
        Page.Request -= OnRequest;
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
