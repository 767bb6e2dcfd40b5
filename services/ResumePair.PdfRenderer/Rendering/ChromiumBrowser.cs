using Microsoft.Extensions.Options;
using ResumePair.PdfRenderer.Rendering.Cdp;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// The one Chromium of this process, launched by us (<see cref="CdpBrowser"/>: DevTools over a pipe, no driver process)
/// on first use and relaunched when it disconnects (crash, OOM kill). Its profile, config and cache live in a
/// per-process folder that is removed on dispose.
/// </summary>
public sealed class ChromiumBrowser(IOptions<RendererOptions> options, IConfiguration configuration, Templates.Fonts.FontLibrary fonts, ILogger<ChromiumBrowser> logger)
    : IAsyncDisposable
{
    /// <summary>From world-notes: what headless printing on these hosts needs, minus everything that phones home, plus
    /// what Playwright and puppeteer pass so that pages in background tabs are not throttled (a pool prints in several
    /// tabs at once) and no window opens at start (pages are created over the protocol).
    /// The dead proxy (loopback included) is a last fence should a request ever slip past request interception.</summary>
    private static readonly string[] Args =
    [
        "--headless", "--remote-debugging-pipe", "--no-startup-window",
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
        "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows", "--disable-renderer-backgrounding",
        "--disable-breakpad", "--disable-crash-reporter", "--disable-hang-monitor", "--disable-ipc-flooding-protection",
        "--disable-client-side-phishing-detection", "--disable-component-extensions-with-background-pages",
        "--disable-features=Translate,MediaRouter,OptimizationHints,AcceptCHFrame", "--metrics-recording-only",
        "--password-store=basic", "--use-mock-keychain", "--hide-scrollbars", "--mute-audio", "--force-color-profile=srgb",
        "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private CdpBrowser? _browser;
    private bool _disposed;
    // Set by Kill: the pipe closes a moment later, and until then IsConnected still says true.
    private volatile CdpBrowser? _killed;

    public string ProfileDirectory { get; } = Path.Combine(
        options.Value.DataDirectory ?? configuration["ResumePair:DataDirectory"] ?? Path.GetTempPath(),
        $"chromium-{Environment.ProcessId}");

    /// <summary>How many times Chromium was (re)launched; a health signal and a test hook.</summary>
    public int Launches { get; private set; }

    public bool IsConnected => _browser is { IsConnected: true } browser && browser != _killed;

    /// <summary>False for a browser that was killed but whose pipe has not closed yet.</summary>
    public bool IsAlive(CdpBrowser browser) => browser.IsConnected && browser != _killed;

    public async Task<CdpBrowser> GetAsync(CancellationToken ct)
    {
        if (_browser is { } current && IsAlive(current)) return current;
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_browser is { } again && IsAlive(again)) return again;
            if (_browser is not null)
            {
                logger.LogWarning("Chromium disconnected; relaunching");
                await CloseQuietlyAsync(_browser);
                _browser = null;
            }
            _browser = await LaunchAsync();
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Replaces the browser: a polite close, then SIGKILL for whatever of its tree is left (a hung browser), then a
    /// fresh launch. Callers make sure no page of the old browser is in use (see <see cref="PagePool"/>).
    /// </summary>
    public async Task RestartAsync(string reason, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            logger.LogInformation("Restarting Chromium: {Reason}", reason);
            if (_browser is not null) await CloseQuietlyAsync(_browser);
            ChromiumProcesses.KillAll(ProfileDirectory);
            _browser = await LaunchAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>For a browser that stopped answering: kill its processes now; the next render relaunches it.</summary>
    public void Kill(string reason)
    {
        _killed = _browser;
        var killed = ChromiumProcesses.KillAll(ProfileDirectory);
        logger.LogWarning("Killed {Count} Chromium processes: {Reason}", killed, reason);
    }

    /// <summary>Chromium's memory (PSS of its whole process tree).</summary>
    public long MemoryMb() => ChromiumProcesses.MemoryMb(ProfileDirectory);

    private async Task<CdpBrowser> LaunchAsync()
    {
        var started = Environment.TickCount64;
        Directory.CreateDirectory(ProfileDirectory);
        var environment = new Dictionary<string, string>
        {
            // Chromium writes ~/.config and ~/.cache even with a user-data-dir; XDG_* keep it in our folder (and mark
            // every process of this browser's tree for ChromiumProcesses).
            ["XDG_CONFIG_HOME"] = Path.Combine(ProfileDirectory, "config"),
            ["XDG_CACHE_HOME"] = Path.Combine(ProfileDirectory, "cache"),
            // Only the project's fonts exist for this Chromium (see FontLibrary).
            ["FONTCONFIG_FILE"] = fonts.WriteFontconfig(ProfileDirectory),
        };
        string[] args = [.. Args, $"--user-data-dir={Path.Combine(ProfileDirectory, "user-data")}"];
        var browser = await CdpBrowser.LaunchAsync(options.Value.ExecutablePath, args, environment, TimeSpan.FromSeconds(30), logger, CancellationToken.None);
        Launches++;
        _ = browser.Connection.Closed.ContinueWith(_ => { if (!_disposed) logger.LogWarning("Chromium {Version} disconnected", browser.Version); }, TaskScheduler.Default);
        logger.LogInformation("Chromium {Version} launched in {Ms} ms (launch #{Launch})", browser.Version, Environment.TickCount64 - started, Launches);
        return browser;
    }

    private async Task CloseQuietlyAsync(CdpBrowser browser)
    {
        try
        {
            await browser.CloseAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            logger.LogDebug(e, "Closing Chromium failed; it was already gone");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            if (_browser is not null) await CloseQuietlyAsync(_browser);
            ChromiumProcesses.KillAll(ProfileDirectory); // helpers a killed browser left behind
            _browser = null;
            try { Directory.Delete(ProfileDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        finally
        {
            _gate.Release();
        }
    }
}
