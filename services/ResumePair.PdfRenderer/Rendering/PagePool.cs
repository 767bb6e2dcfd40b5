using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// Pages are reused across renders: a fresh context per render costs ~350 ms, a reused page ~67 ms
/// (world-notes). Each page has its own context with JavaScript off and every request except data:
/// and about:blank aborted, so document content can reach no network and no file. A page that
/// failed or timed out is thrown away rather than returned, and pages of a dead browser are replaced.
/// </summary>
public sealed class PagePool(ChromiumBrowser chromium, IOptions<RendererOptions> options, TimeProvider time, ILogger<PagePool> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.PoolSize));
    private readonly ConcurrentBag<PooledPage> _idle = [];
    private int _blockedRequests;
    private int _rendersSinceLaunch;
    private int _recycling;
    private Task _recycle = Task.CompletedTask;
    private readonly ConcurrentDictionary<long, Task> _discards = new();
    private long _discardIds;
    private int _drained;

    public int Size { get; } = Math.Max(1, options.Value.PoolSize);

    /// <summary>Requests aborted by routing since start (visible in tests and logs).</summary>
    public int BlockedRequests => Volatile.Read(ref _blockedRequests);

    /// <summary>How many times the browser was recycled (render count or memory); a test hook.</summary>
    public int Recycles { get; private set; }

    /// <summary>The recycle in progress, if any (tests and shutdown wait for it).</summary>
    public Task Recycling => _recycle;

    public async Task<PageLease> AcquireAsync(CancellationToken ct)
    {
        if (!await _slots.WaitAsync(options.Value.AcquireTimeout, ct))
            throw new RenderFailure("busy", $"No Chromium page became free within {options.Value.AcquireTimeout.TotalSeconds:0} s.", true);
        try
        {
            while (_idle.TryTake(out var idle))
            {
                if (idle.IsUsable) return new PageLease(this, idle);
                await idle.DisposeAsync();
            }
            return new PageLease(this, await CreateAsync(ct));
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    private async Task<PooledPage> CreateAsync(CancellationToken ct)
    {
        var browser = await chromium.GetAsync(ct);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ServiceWorkers = ServiceWorkerPolicy.Block,
            AcceptDownloads = false,
        });
        try
        {
            await context.RouteAsync(_ => true, async route =>
            {
                if (IsAllowed(route.Request.Url))
                {
                    await route.ContinueAsync();
                    return;
                }
                Interlocked.Increment(ref _blockedRequests);
                logger.LogDebug("Blocked {Url} requested while rendering", route.Request.Url);
                // A top-level navigation (<meta http-equiv=refresh>, a link target) answered 204 leaves the page
                // where it is; aborting it would swap the document for an error page and print a blank PDF.
                if (route.Request.IsNavigationRequest && route.Request.Frame.ParentFrame is null)
                    await route.FulfillAsync(new RouteFulfillOptions { Status = 204 });
                else
                    await route.AbortAsync("blockedbyclient");
            });
            return new PooledPage(browser, context, await context.NewPageAsync(), chromium);
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    internal static bool IsAllowed(string url) =>
        url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || url.Equals("about:blank", StringComparison.OrdinalIgnoreCase);

    internal async ValueTask ReturnAsync(PooledPage page, bool healthy)
    {
        if (healthy)
        {
            try
            {
                if (page.IsUsable) _idle.Add(page);
                else await page.DisposeAsync(); // its browser is gone: quick
            }
            finally
            {
                _slots.Release();
            }
        }
        else
        {
            // A failed page (timeout, cancel, error) closes in the background so the render reports within its time limit
            // instead of waiting up to 5 s more for a hung browser to be declared dead and killed. The slot stays taken
            // until the close is over, so pages never outnumber slots.
            var id = Interlocked.Increment(ref _discardIds);
            var discard = DiscardAsync(page, id);
            _discards[id] = discard;
            if (discard.IsCompleted) _discards.TryRemove(id, out _);
        }
        AfterRender();
    }

    private async Task DiscardAsync(PooledPage page, long id)
    {
        await Task.Yield();
        try
        {
            await page.DisposeAsync();
        }
        finally
        {
            _slots.Release();
            _discards.TryRemove(id, out _);
        }
    }

    private void AfterRender()
    {
        var renders = Interlocked.Increment(ref _rendersSinceLaunch);
        var o = options.Value;
        string? reason = null;
        if (renders >= o.RecycleAfterRenders) reason = $"{renders} renders since launch";
        else if (renders % Math.Max(1, o.MemoryCheckEveryRenders) == 0 && chromium.MemoryMb() is var mb && mb > o.MaxBrowserMemoryMb)
            reason = $"{mb} MB above the {o.MaxBrowserMemoryMb} MB bound";
        if (reason is not null && Interlocked.CompareExchange(ref _recycling, 1, 0) == 0)
            _recycle = Task.Run(() => RecycleAsync(reason));
    }

    /// <summary>
    /// Long-lived browsers grow (caches, fragmentation). Recycling takes every slot — new renders wait, in-flight
    /// ones finish — then closes the pages and the browser and launches a fresh one: a pause of about one launch
    /// (≈0.5 s) every <see cref="RendererOptions.RecycleAfterRenders"/> renders.
    /// </summary>
    private async Task RecycleAsync(string reason)
    {
        var taken = 0;
        try
        {
            var deadline = options.Value.RenderTimeout + options.Value.AcquireTimeout;
            for (; taken < Size; taken++)
                if (!await _slots.WaitAsync(deadline)) break;
            while (_idle.TryTake(out var page)) await page.DisposeAsync();
            await chromium.RestartAsync(reason, CancellationToken.None);
            Recycles++;
            Interlocked.Exchange(ref _rendersSinceLaunch, 0);
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            logger.LogError(e, "Recycling Chromium failed; the next render relaunches it");
        }
        catch (ObjectDisposedException) { } // shutting down
        finally
        {
            if (taken > 0) _slots.Release(taken);
            Volatile.Write(ref _recycling, 0);
        }
    }

    /// <summary>
    /// Takes every slot, so renders in flight finish and none can start, waiting at most <paramref name="grace"/>.
    /// The host stops this pool and the bus without a guaranteed order, so closing Chromium waits for this.
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan grace, CancellationToken ct)
    {
        await _recycle.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var bounded = new CancellationTokenSource(grace, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(bounded.Token, ct);
        try
        {
            for (; _drained < Size; _drained++) await _slots.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _recycle.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_discards.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (_idle.TryTake(out var page)) await page.DisposeAsync();
    }
}

public sealed class PooledPage(IBrowser browser, IBrowserContext context, IPage page, ChromiumBrowser chromium) : IAsyncDisposable
{
    public IPage Page { get; } = page;
    public bool IsUsable => chromium.IsAlive(browser) && !Page.IsClosed;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (System.TimeoutException) when (chromium.IsAlive(browser))
        {
            // Connected but not answering within 5 s: hung. Kill it so the next render gets a fresh one.
            chromium.Kill("a page did not close within 5 s");
        }
        catch (Exception e) when (e is PlaywrightException or System.TimeoutException or ObjectDisposedException)
        {
            // The browser is gone; the relaunch takes care of it.
        }
    }
}

/// <summary>One render's use of a page. Marked failed, the page is discarded instead of reused.</summary>
public sealed class PageLease(PagePool pool, PooledPage page) : IAsyncDisposable
{
    private bool _failed;
    public IPage Page => page.Page;
    public void MarkFailed() => _failed = true;
    public ValueTask DisposeAsync() => pool.ReturnAsync(page, !_failed);
}
