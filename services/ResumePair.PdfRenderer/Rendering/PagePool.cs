using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// Pages are reused across renders: a fresh context per render costs ~350 ms, a reused page ~67 ms (world-notes). Each
/// page has its own browser context with JavaScript off and every request except data: and about:blank refused
/// (<see cref="PooledPage"/>), so document content can reach no network and no file. A page that failed or timed out is
/// thrown away rather than returned, and pages of a dead or replaced browser are dropped.
/// </summary>
public sealed class PagePool(
    ChromiumBrowser chromium,
    PagePrinter print,
    IOptions<RendererOptions> options,
    TimeProvider time,
    ILogger<PagePool> logger
) : IAsyncDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.PoolSize));

    // Last in, first out: the pages printing most often stay warm. Locked: a recycle takes out pages of the old
    // browser.
    private readonly List<PooledPage> _idle = [];
    // Pages of a browser being replaced still to close as they come back (one per warmed page of the replacement).
    private int _oldPagesToDrop;
    private int _blockedRequests;
    private int _rendersSinceLaunch;
    private int _recycling;
    private Task _recycle = Task.CompletedTask;
    private readonly ConcurrentDictionary<long, Task> _discards = new();
    private long _discardIds;
    private int _drained;

    public int Size { get; } = Math.Max(1, options.Value.PoolSize);

    /// <summary>Requests refused by interception since start (visible in tests and logs).</summary>
    public int BlockedRequests => Volatile.Read(ref _blockedRequests);

    /// <summary>How many times the browser was replaced (render count or memory); a test hook.</summary>
    public int Recycles { get; private set; }

    /// <summary>The memory check or recycle in progress, if any (tests and shutdown wait for it).</summary>
    public Task Recycling => _recycle;

    public async Task<PageLease> AcquireAsync(CancellationToken ct)
    {
        if (!await _slots.WaitAsync(options.Value.AcquireTimeout, ct))
            throw new RenderFailure(
                "busy",
                $"No Chromium page became free within {options.Value.AcquireTimeout.TotalSeconds:0} s.",
                true
            );
        try
        {
            while (TakeIdle() is { } idle)
            {
                if (idle.IsUsable) return Lease(idle);
                if (idle.Browser.IsAlive) Drop(idle);
            }
            var browser = await chromium.GetAsync(ct);
            return Lease(await OpenAsync(browser, ct));
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Opens every page at start, so the first renders find them ready.</summary>
    public async Task WarmUpAsync(CancellationToken ct)
    {
        var browser = await chromium.GetAsync(ct);
        var pages = await Task.WhenAll(Enumerable.Range(0, Size).Select(_ => OpenWarmAsync(browser, ct)));
        lock (_idle) _idle.AddRange(pages);
    }

    private PooledPage? TakeIdle()
    {
        lock (_idle)
        {
            if (_idle.Count == 0) return null;
            var page = _idle[^1];
            _idle.RemoveAt(_idle.Count - 1);
            return page;
        }
    }

    /// <summary>Closes a page of a live browser in the background (its renderer process goes with it).</summary>
    private static void Drop(PooledPage page) =>
        _ = Task.Run(async () => await page.DisposeAsync());

    private PageLease Lease(PooledPage page)
    {
        page.Browser.Lease();
        return new PageLease(this, page);
    }

    private Task<PooledPage> OpenAsync(ChromiumInstance browser, CancellationToken ct) =>
        PooledPage.OpenAsync(browser, chromium, OnBlocked, ct);

    /// <summary>A page on <paramref name="browser"/> that has printed once: a page's first print pays for starting its
    /// renderer's print machinery, which must not land on a user's render. Its renderer is then told to free memory:
    /// fresh from its start and first print it holds ≈ 70 MB, ≈ 16 MB after a purge, and during a recycle the
    /// replacement's pages are warmed while the old browser still prints (bench/README.md, 2026-12-07 session 11).
    /// </summary>
    private async Task<PooledPage> OpenWarmAsync(ChromiumInstance browser, CancellationToken ct)
    {
        var page = await OpenAsync(browser, ct);
        try
        {
            await print.WarmAsync(page, ct);
            await page.PurgeMemoryAsync().WaitAsync(TimeSpan.FromSeconds(5), ct);
            page.PriorityRestored = ChromiumProcesses.RestoreRendererPriority(browser.Id) >= 0;
            return page;
        }
        catch
        {
            Drop(page);
            throw;
        }
    }

    private void OnBlocked(string url)
    {
        Interlocked.Increment(ref _blockedRequests);
        logger.LogDebug("Blocked {Url} requested while rendering", url);
    }

    internal static bool IsAllowed(string url) =>
        url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || url.Equals("about:blank",
            StringComparison.OrdinalIgnoreCase);

    internal void Return(PooledPage page, bool healthy)
    {
        if (healthy && page.CountRender(options.Value.PurgePageEveryRenders) && page.IsUsable)
        {
            // The page stays out of the pool (its slot taken) until its renderer has freed its memory, so no render
            // waits behind the collection on that page.
            Track(PurgeThenReturnAsync(page));
            return;
        }
        if (!healthy)
        {
            // A failed page (timeout, cancel, error) closes in the background so the render reports within its time
            // limit instead of waiting up to 5 s more for a hung browser to be declared dead and killed. The slot stays
            // taken until the close is over, so pages never outnumber slots.
            Track(DiscardAsync(page));
        }
        else ReturnHealthy(page);
        AfterRender();
    }

    private void ReturnHealthy(PooledPage page)
    {
        // A page opened on demand (not warmed) is lowered once hidden, some time after it opened: after its first
        // print.
        if (!page.PriorityRestored && page.IsUsable)
            page.PriorityRestored = ChromiumProcesses.RestoreRendererPriority(page.Browser.Id) >= 0;
        if (!page.IsUsable) { }
        else if (page.Browser != chromium.Current && DropOldPage()) Drop(page);
        else lock (_idle) _idle.Add(page);
        page.Browser.Release();
        _slots.Release();
    }

    /// <summary>Keeps a page's background close or purge until it is over, so that disposing the pool waits for
    /// it.</summary>
    private void Track(Task work)
    {
        var id = Interlocked.Increment(ref _discardIds);
        _discards[id] = work;
        _ = work.ContinueWith(_ => _discards.TryRemove(id, out Task? _), TaskScheduler.Default);
    }

    private async Task DiscardAsync(PooledPage page)
    {
        await Task.Yield();
        try
        {
            await page.DisposeAsync();
        }
        finally
        {
            page.Browser.Release();
            _slots.Release();
        }
    }

    private async Task PurgeThenReturnAsync(PooledPage page)
    {
        await Task.Yield();
        var healthy = true;
        try
        {
            await page.PurgeMemoryAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is PuppeteerSharp.PuppeteerException or TimeoutException or ObjectDisposedException)
        {
            healthy = false; // a renderer that cannot collect within 5 s is not trusted with the next render
        }
        if (healthy) ReturnHealthy(page);
        else await DiscardAsync(page);
        AfterRender();
    }

    private void AfterRender()
    {
        var renders = Interlocked.Increment(ref _rendersSinceLaunch);
        var o = options.Value;
        var byCount = renders >= o.RecycleAfterRenders;
        if (!byCount && renders % Math.Max(1, o.MemoryCheckEveryRenders) != 0) return;
        if (Interlocked.CompareExchange(ref _recycling, 1, 0) != 0) return;
        // In the background: measuring PSS reads every process's smaps (milliseconds), and recycling launches a
        // browser.
        _recycle = Task.Run(async () =>
        {
            try
            {
                string? reason =
                    byCount ? $"{renders} renders since launch"
                    : chromium.MemoryMb() is var mb && mb > o.MaxBrowserMemoryMb
                        ? $"{mb} MB above the {o.MaxBrowserMemoryMb} MB bound"
                    : null;
                if (reason is not null)
                    await RecycleAsync(reason);
            }
            finally
            {
                Volatile.Write(ref _recycling, 0);
            }
        });
    }

    /// <summary>Recycles the browser now (an operator's command) unless a recycle is already under way.</summary>
    public Task RecycleNowAsync(string reason)
    {
        if (Interlocked.CompareExchange(ref _recycling, 1, 0) == 0)
        {
            _recycle = Task.Run(async () =>
            {
                try { await RecycleAsync(reason); }
                finally { Volatile.Write(ref _recycling, 0); }
            });
        }
        return _recycle;
    }

    private bool DropOldPage()
    {
        for (var left = Volatile.Read(ref _oldPagesToDrop); left > 0; left = Volatile.Read(ref _oldPagesToDrop))
            if (Interlocked.CompareExchange(ref _oldPagesToDrop, left - 1, left) == left) return true;
        return false;
    }

    /// <summary>
    /// Long-lived browsers grow (caches, fragmentation). Recycling launches a replacement while the old browser keeps
    /// printing, then swaps pages one at a time: each warmed page of the replacement goes into the pool and one page of
    /// the old browser leaves it (closed at once if idle, else when its render is back), so the pool never holds more
    /// than one extra page and no render waits for a launch. The old browser closes once its last page is back.
    /// </summary>
    private async Task RecycleAsync(string reason)
    {
        ChromiumInstance? spare = null;
        try
        {
            spare = await chromium.LaunchSpareAsync(reason);
            var old = chromium.Promote(spare);
            Interlocked.Exchange(ref _rendersSinceLaunch, 0);
            for (var i = 0; i < Size; i++)
            {
                var page = await OpenWarmAsync(spare, CancellationToken.None);
                PooledPage? leaving;
                lock (_idle)
                {
                    leaving = _idle.FirstOrDefault(p => p.Browser != spare);
                    if (leaving is not null) _idle.Remove(leaving);
                    _idle.Add(page);
                }
                if (leaving is not null) Drop(leaving);
                else Interlocked.Increment(ref _oldPagesToDrop);
            }
            Recycles++;
            if (old is null) return;
            var inFlight = options.Value.RenderTimeout + TimeSpan.FromSeconds(10);
            await old.UnusedAsync().WaitAsync(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            lock (_idle) _idle.RemoveAll(p => p.Browser == old);
            Volatile.Write(ref _oldPagesToDrop, 0);
            await chromium.RetireAsync(old);
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            logger.LogError(e, "Recycling Chromium failed; the next render relaunches it if needed");
        }
        catch (ObjectDisposedException) { } // shutting down
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

    /// <summary>Pages close with their browser (<see cref="ChromiumBrowser"/> is disposed after the pool).</summary>
    public async ValueTask DisposeAsync()
    {
        await _recycle.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_discards.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_idle) _idle.Clear();
    }
}

/// <summary>One render's use of a page. Marked failed, the page is discarded instead of reused.</summary>
public sealed class PageLease(PagePool pool, PooledPage page) : IDisposable
{
    private bool _failed;
    public PooledPage Page => page;
    public void MarkFailed() => _failed = true;
    public void Dispose() => pool.Return(page, !_failed);
}
