using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// Pages are reused across renders: a fresh context per render costs ~350 ms, a reused page ~67 ms
/// (world-notes). Each page has its own browser context with JavaScript off and every request except data:
/// and about:blank refused (<see cref="PooledPage"/>), so document content can reach no network and no file. A page that
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

    /// <summary>Requests refused by interception since start (visible in tests and logs).</summary>
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
        return await PooledPage.OpenAsync(browser, chromium, OnBlocked, ct);
    }

    private void OnBlocked(string url)
    {
        Interlocked.Increment(ref _blockedRequests);
        logger.LogDebug("Blocked {Url} requested while rendering", url);
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

    /// <summary>Recycles the browser now (an operator's command) unless a recycle is already under way; both finish together.</summary>
    public Task RecycleNowAsync(string reason)
    {
        if (Interlocked.CompareExchange(ref _recycling, 1, 0) == 0) _recycle = Task.Run(() => RecycleAsync(reason));
        return _recycle;
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

/// <summary>One render's use of a page. Marked failed, the page is discarded instead of reused.</summary>
public sealed class PageLease(PagePool pool, PooledPage page) : IAsyncDisposable
{
    private bool _failed;
    public PooledPage Page => page;
    public void MarkFailed() => _failed = true;
    public ValueTask DisposeAsync() => pool.ReturnAsync(page, !_failed);
}
