using Microsoft.Extensions.Options;
using PuppeteerSharp;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// The Chromium of this worker, launched through PuppeteerSharp (<c>/usr/bin/chromium</c>, DevTools over a pipe, never
/// a downloaded browser) on first use and relaunched when it disconnects (crash, OOM kill). <see cref="PagePool"/>
/// recycles it by launching a replacement first (<see cref="LaunchSpareAsync"/>, <see cref="Promote"/>), so no render
/// waits for a launch. Config, cache and every browser's user data live in a per-process folder that is removed on
/// dispose.
/// </summary>
public sealed class ChromiumBrowser(
    IOptions<RendererOptions> options,
    IConfiguration configuration,
    Templates.Fonts.FontLibrary fonts,
    ILoggerFactory loggers
) : IAsyncDisposable
{
    /// <summary>From world-notes: what headless printing on these hosts needs, minus everything that phones home, plus
    /// what puppeteer passes so that pages are not throttled in the background (a pool prints in several at once), no
    /// window opens at start (pages are created over the protocol) and no crash reporter starts. The dead proxy
    /// (loopback included) is a last fence should a request ever slip past request interception. PuppeteerSharp's own
    /// defaults are not used (<c>IgnoreDefaultArgs</c>): they add IdleDetection and an outline for every PDF.
    /// Passed through <c>sh -c</c> unquoted, hence the quotes around the bypass list.</summary>
    private static readonly string[] Args =
    [
        "--headless",
        "--no-startup-window",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
        "--disable-renderer-backgrounding",
        "--disable-breakpad",
        "--disable-crash-reporter",
        "--disable-hang-monitor",
        "--disable-ipc-flooding-protection",
        "--disable-client-side-phishing-detection",
        "--disable-component-extensions-with-background-pages",
        // Processes a print server does not need (bench/README.md, 2026-12-07 session 10). The WebUI* features give
        // every window its own prewarmed omnibox/toolbar renderer: with a window per page (a context each) that was one
        // idle renderer process per page, ≈ 20–40 MB each. The list is puppeteer's, plus:
        // SpareRendererForSitePerProcess (Chromium keeps a spare renderer warm for the context a page was last opened
        // in; no later page can use it, as each page opens in a context of its own, so it is an idle process at rest
        // and one more process start per page opened), OptimizationGuideOnDeviceModel and LogOnDeviceMetricsOnStartup
        // (an on_device_model utility process started after every launch to rate the machine for on-device AI).
        "--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,WebUIOmniboxPopup,"
            + "WebUIOmniboxAimPopup,IPH_ReadingModePageActionLabel,ReadAnythingOmniboxChip,"
            + "ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes,SpareRendererForSitePerProcess,"
            + "OptimizationGuideOnDeviceModel,LogOnDeviceMetricsOnStartup",
        // Software compositing (--disable-gpu) on a thread of the browser process instead of a GPU process of its own:
        // one process less per browser (≈ 10 MB at rest, measured) and one less to start at each launch. Pages and
        // their renderers stay as isolated as before: this is not site isolation.
        "--in-process-gpu",
        "--metrics-recording-only",
        "--password-store=basic",
        "--use-mock-keychain",
        "--hide-scrollbars",
        "--mute-audio",
        "--force-color-profile=srgb",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list='<-loopback>'",
    ];

    private readonly ILogger _logger = loggers.CreateLogger<ChromiumBrowser>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<ChromiumInstance> _running = [];
    private volatile ChromiumInstance? _current;
    private bool _disposed;
    private int _launches;

    public string ProfileDirectory { get; } = Path.Combine(
        options.Value.DataDirectory ?? configuration["ResumePair:DataDirectory"] ?? Path.GetTempPath(),
        $"chromium-{Environment.ProcessId}");

    /// <summary>How many times Chromium was launched (relaunches and replacements included); a health signal and a test
    /// hook.</summary>
    public int Launches => Volatile.Read(ref _launches);

    public bool IsConnected => _current is { IsAlive: true };

    /// <summary>The browser new pages are opened in, if any.</summary>
    public ChromiumInstance? Current => _current;

    public async Task<ChromiumInstance> GetAsync(CancellationToken ct)
    {
        if (_current is { IsAlive: true } current) return current;
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is { IsAlive: true } again) return again;
            if (_current is { } dead)
            {
                _logger.LogWarning("Chromium disconnected; relaunching");
                _ = RetireAsync(dead);
            }
            _current = await LaunchCoreAsync();
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A second browser that the pool warms while the current one keeps printing.</summary>
    public async Task<ChromiumInstance> LaunchSpareAsync(string reason)
    {
        await _gate.WaitAsync();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _logger.LogInformation("Launching a replacement Chromium: {Reason}", reason);
            return await LaunchCoreAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes <paramref name="spare"/> the browser new pages open in; returns the one it replaces.</summary>
    public ChromiumInstance? Promote(ChromiumInstance spare) => Interlocked.Exchange(ref _current, spare);

    /// <summary>Closes a replaced or dead browser: a polite close, then SIGKILL for whatever of its tree is left, then
    /// its user-data folder. Callers make sure none of its pages is in use.</summary>
    public async Task RetireAsync(ChromiumInstance instance)
    {
        if (instance.Browser.IsConnected) await instance.CloseAsync();
        ChromiumProcesses.KillBrowser(instance.Id);
        instance.Browser.Dispose();
        lock (_running) _running.Remove(instance);
        try { Directory.Delete(instance.UserDataDirectory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>For a browser that stopped answering: kill its processes now; the next render relaunches it.</summary>
    public void Kill(ChromiumInstance instance, string reason)
    {
        instance.MarkKilled();
        var killed = ChromiumProcesses.KillBrowser(instance.Id);
        _logger.LogWarning("Killed {Count} processes of Chromium #{Generation}: {Reason}", killed, instance.Generation,
            reason);
    }

    /// <summary>The memory (PSS of its whole process tree) of the browser new pages open in.</summary>
    public long MemoryMb() =>
        _current is { } current ? ChromiumProcesses.FindBrowser(current.Id).Sum(p => p.PssKb) / 1024 : 0;

    /// <summary>Chromium passes paint records and PDFs between its processes in shared memory, in /dev/shm. Where
    /// /dev/shm is small (Docker's 64 MB default) it must use files in /tmp instead (<c>--disable-dev-shm-usage</c>),
    /// but where /tmp is a disk every print then goes through files of a real file system (bench/README.md,
    /// 2026-12-07 session 9). Debian's /usr/bin/chromium applies the same kind of rule.</summary>
    private static IEnumerable<string> SharedMemoryArgs()
    {
        try
        {
            return new DriveInfo("/dev/shm").AvailableFreeSpace >= MinDevShmBytes ? [] : ["--disable-dev-shm-usage"];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return ["--disable-dev-shm-usage"];
        }
    }

    /// <summary>Room for the pages of a pool printing at once with margin (a print takes a few MB).</summary>
    private const long MinDevShmBytes = 1L << 30;

    private async Task<ChromiumInstance> LaunchCoreAsync()
    {
        var started = Environment.TickCount64;
        var generation = Interlocked.Increment(ref _launches);
        Directory.CreateDirectory(ProfileDirectory);
        var id = Path.Combine(ProfileDirectory, $"user-data-{generation}");
        var launch = new LaunchOptions
        {
            ExecutablePath = options.Value.ExecutablePath,
            Headless = true,
            Pipe = true,
            IgnoreDefaultArgs = true,
            Args =
            [
                .. Args,
                .. SharedMemoryArgs(),
                .. (options.Value.ExtraArgs ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
                $"--user-data-dir={id}",
            ],
            // No Audits events (PuppeteerSharp's "issues"): nothing here reads them.
            IssuesEnabled = false,
            // No Network domain on any page: PooledPage intercepts requests over the Fetch domain alone.
            NetworkEnabled = false,
            // Pages keep Chromium's window size: printing follows @page, and no viewport override per page.
            DefaultViewport = null,
            // Pages are opened by the pool; Chromium starts without a window (--no-startup-window).
            WaitForInitialPage = false,
            Timeout = 30_000,
            ProtocolTimeout = (int)(options.Value.RenderTimeout + TimeSpan.FromSeconds(30)).TotalMilliseconds,
        };
        // Chromium writes ~/.config and ~/.cache even with a user-data-dir: XDG_* keep it in our folder and mark every
        // process of the worker's browsers; RESUMEPAIR_CHROMIUM marks this browser's. Only the project's fonts exist
        // for it.
        launch.Env["XDG_CONFIG_HOME"] = Path.Combine(ProfileDirectory, "config");
        launch.Env["XDG_CACHE_HOME"] = Path.Combine(ProfileDirectory, "cache");
        launch.Env["FONTCONFIG_FILE"] = fonts.WriteFontconfig(ProfileDirectory);
        launch.Env[ChromiumProcesses.BrowserVariable] = id;

        var browser = await Puppeteer.LaunchAsync(launch, loggers);
        var instance = new ChromiumInstance(browser, id, id, generation);
        lock (_running) _running.Add(instance);
        try
        {
            instance.Version = await browser.GetVersionAsync();
        }
        catch
        {
            await RetireAsync(instance);
            throw;
        }
        browser.Disconnected += (_, _) =>
        {
            if (!_disposed && _current == instance) _logger.LogWarning("Chromium #{Generation} disconnected",
                generation);
        };
        _logger.LogInformation("Chromium {Version} launched in {Ms} ms (launch #{Launch})", instance.Version,
            Environment.TickCount64 - started, generation);
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            List<ChromiumInstance> running;
            lock (_running) running = [.. _running];
            await Task.WhenAll(running.Select(RetireAsync));
            _current = null;
            ChromiumProcesses.KillAll(ProfileDirectory); // helpers a killed browser left behind
            try { Directory.Delete(ProfileDirectory, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        finally
        {
            _gate.Release();
        }
    }
}
