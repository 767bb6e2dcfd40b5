using System.Text.Json;
using ResumePair.PdfRenderer.Rendering.Cdp;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// One reusable Chromium tab in a browser context (and minimized window) of its own, set up once: scripts off
/// (<c>Emulation.setScriptExecutionDisabled</c>) and every request intercepted (<c>Fetch.enable</c> with a catch-all
/// pattern) and refused unless it is a data: or about:blank URL. A template page makes no request at all (fonts come from
/// the private fontconfig, the photo is a data: URI), so interception costs nothing per render; it only ever sees hostile
/// or broken content.
/// </summary>
public sealed class PooledPage : IAsyncDisposable
{
    private readonly CdpBrowser _browser;
    private readonly ChromiumBrowser _chromium;
    private readonly string _contextId;
    private readonly Action<string> _blocked;
    private string _frameId = "";
    private volatile bool _crashed;
    private volatile TaskCompletionSource? _load;

    private PooledPage(CdpBrowser browser, ChromiumBrowser chromium, string contextId, CdpSession session, Action<string> blocked)
    {
        _browser = browser;
        _chromium = chromium;
        _contextId = contextId;
        Session = session;
        _blocked = blocked;
        session.Event += OnEvent;
    }

    public CdpSession Session { get; }
    public bool IsUsable => _chromium.IsAlive(_browser) && !Session.IsDetached && !_crashed;

    public static async Task<PooledPage> OpenAsync(CdpBrowser browser, ChromiumBrowser chromium, Action<string> blocked, CancellationToken ct)
    {
        string contextId;
        using (var context = await browser.SendAsync("Target.createBrowserContext", null, ct))
            contextId = Result(context).GetProperty("browserContextId").GetString()!;
        try
        {
            string targetId, sessionId;
            // Minimized: the page is hidden, so Chromium only lays it out and prints it. A visible page (each context
            // otherwise gets a normal window) also rasterizes and composites every new document for a screen nobody
            // looks at — measured 40 → 29 ms of Chromium CPU per PDF, 24.7 → 34.5 PDFs/s (bench/README.md, 2026-11-22 13:56).
            using (var target = await browser.SendAsync("Target.createTarget",
                       new { url = "about:blank", browserContextId = contextId, newWindow = true, windowState = "minimized" }, ct))
                targetId = Result(target).GetProperty("targetId").GetString()!;
            using (var attached = await browser.SendAsync("Target.attachToTarget", new { targetId, flatten = true }, ct))
                sessionId = Result(attached).GetProperty("sessionId").GetString()!;
            var page = new PooledPage(browser, chromium, contextId, browser.Connection.Session(sessionId), blocked);
            var session = page.Session;
            using (var tree = await session.SendAsync("Page.getFrameTree", null, ct))
                page._frameId = Result(tree).GetProperty("frameTree").GetProperty("frame").GetProperty("id").GetString()!;
            await Task.WhenAll(
                session.RunAsync("Page.enable", null, ct), // load events
                session.RunAsync("Inspector.enable", null, ct), // crash events
                session.RunAsync("Emulation.setScriptExecutionDisabled", new { value = true }, ct),
                session.RunAsync("Fetch.enable", new { patterns = new[] { new { urlPattern = "*" } } }, ct));
            return page;
        }
        catch
        {
            browser.Connection.Post("Target.disposeBrowserContext", new { browserContextId = contextId }, null);
            throw;
        }
    }

    /// <summary>Replaces the document (document.open/write/close done natively, no script needed) and waits for its load event.</summary>
    public async Task SetContentAsync(string html, CancellationToken ct)
    {
        var load = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _load = load;
        await Session.RunAsync("Page.setDocumentContent", new { frameId = _frameId, html }, ct);
        await load.Task.WaitAsync(ct);
    }

    /// <summary>Restores the page's window to normal: a minimized page is hidden and has no screen image to capture.</summary>
    public async Task ShowAsync(CancellationToken ct)
    {
        int windowId;
        using (var window = await Session.SendAsync("Browser.getWindowForTarget", null, ct))
            windowId = Result(window).GetProperty("windowId").GetInt32();
        await Session.RunAsync("Browser.setWindowBounds", new { windowId, bounds = new { windowState = "normal" } }, ct);
    }

    /// <summary>Runs on the connection's reader thread: decides quickly, answers without waiting.</summary>
    private void OnEvent(string method, JsonElement parameters)
    {
        switch (method)
        {
            case "Page.loadEventFired":
                _load?.TrySetResult();
                break;
            case "Fetch.requestPaused":
                OnRequest(parameters);
                break;
            case "Inspector.targetCrashed":
                _crashed = true;
                _load?.TrySetException(new CdpException("Page.setDocumentContent", "the page crashed"));
                Session.Connection.Detach(Session.Id); // a print in flight fails now, not at its timeout
                break;
        }
    }

    private void OnRequest(JsonElement paused)
    {
        var requestId = paused.GetProperty("requestId").GetString();
        var url = paused.GetProperty("request").GetProperty("url").GetString() ?? "";
        if (PagePool.IsAllowed(url))
        {
            Session.Post("Fetch.continueRequest", new { requestId });
            return;
        }
        _blocked(url);
        // A top-level navigation (<meta http-equiv=refresh>, a link target) answered 204 leaves the page where it is;
        // failing it would swap the document for an error page and print that instead.
        if (paused.GetProperty("resourceType").GetString() == "Document" && paused.GetProperty("frameId").GetString() == _frameId)
            Session.Post("Fetch.fulfillRequest", new { requestId, responseCode = 204 });
        else
            Session.Post("Fetch.failRequest", new { requestId, errorReason = "BlockedByClient" });
    }

    private static JsonElement Result(JsonDocument response) => response.RootElement.GetProperty("result");

    /// <summary>Disposing the context closes its tab. A browser that is connected but does not manage that within 5 s is hung:
    /// it is killed so the next render gets a fresh one.</summary>
    public async ValueTask DisposeAsync()
    {
        _load?.TrySetCanceled();
        if (!_chromium.IsAlive(_browser)) return; // its browser is gone: the relaunch takes care of it
        try
        {
            using var _ = await _browser.SendAsync("Target.disposeBrowserContext", new { browserContextId = _contextId }, CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException) when (_chromium.IsAlive(_browser))
        {
            _chromium.Kill("a page did not close within 5 s");
        }
        catch (Exception e) when (e is CdpException or TimeoutException)
        {
            // The browser went away meanwhile.
        }
    }
}
