using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// The one Chromium of this process, launched through Playwright on first use and relaunched when it
/// disconnects (crash, OOM kill). Its config and cache live in a per-process folder that is removed on dispose.
/// </summary>
public sealed class ChromiumBrowser(IOptions<RendererOptions> options, IConfiguration configuration, Templates.Fonts.FontLibrary fonts, ILogger<ChromiumBrowser> logger)
    : IAsyncDisposable
{
    /// <summary>From world-notes: what headless printing on these hosts needs, minus everything that phones home.
    /// The dead proxy (loopback included) is a last fence should a request ever slip past request routing.</summary>
    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
        "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private bool _disposed;
    // Set by Kill: the driver notices the dead pipe a moment later, and until then IsConnected still says true.
    private volatile IBrowser? _killed;

    public string ProfileDirectory { get; } = Path.Combine(
        options.Value.DataDirectory ?? configuration["ResumePair:DataDirectory"] ?? Path.GetTempPath(),
        $"chromium-{Environment.ProcessId}");

    /// <summary>How many times Chromium was (re)launched; a health signal and a test hook.</summary>
    public int Launches { get; private set; }

    public bool IsConnected => _browser is { IsConnected: true } browser && browser != _killed;

    /// <summary>False for a browser that was killed but whose disconnect Playwright has not seen yet.</summary>
    public bool IsAlive(IBrowser browser) => browser.IsConnected && browser != _killed;

    public async Task<IBrowser> GetAsync(CancellationToken ct)
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

    private async Task<IBrowser> LaunchAsync()
    {
        var started = Environment.TickCount64;
        Directory.CreateDirectory(ProfileDirectory);
        // Chromium writes ~/.config and ~/.cache even with a user-data-dir; XDG_* keep it in our folder.
        // Playwright's Env replaces the environment, so start from ours.
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        env["XDG_CONFIG_HOME"] = Path.Combine(ProfileDirectory, "config");
        env["XDG_CACHE_HOME"] = Path.Combine(ProfileDirectory, "cache");
        // Only the project's fonts exist for this Chromium (see FontLibrary).
        env["FONTCONFIG_FILE"] = fonts.WriteFontconfig(ProfileDirectory);
        var launch = new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.Value.ExecutablePath,
            Headless = true,
            Args = Args,
            Env = env,
            Timeout = 30_000,
            // The host decides when to stop; Playwright must not tear the browser down on our signals first.
            HandleSIGINT = false, HandleSIGTERM = false, HandleSIGHUP = false,
        };
        IBrowser browser;
        try
        {
            _playwright ??= await Playwright.CreateAsync();
            browser = await _playwright.Chromium.LaunchAsync(launch);
        }
        catch (PlaywrightException first)
        {
            // The driver itself may be what died: start a fresh one once.
            logger.LogWarning(first, "Chromium launch failed; restarting the Playwright driver");
            _playwright?.Dispose();
            _playwright = await Playwright.CreateAsync();
            browser = await _playwright.Chromium.LaunchAsync(launch);
        }
        Launches++;
        browser.Disconnected += (_, _) => { if (!_disposed) logger.LogWarning("Chromium {Version} disconnected", browser.Version); };
        logger.LogInformation("Chromium {Version} launched in {Ms} ms (launch #{Launch})", browser.Version, Environment.TickCount64 - started, Launches);
        return browser;
    }

    private async Task CloseQuietlyAsync(IBrowser browser)
    {
        try
        {
            await browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is PlaywrightException or System.TimeoutException or ObjectDisposedException)
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
            _playwright?.Dispose(); // stops the driver, which kills any browser it still owns
            _browser = null;
            _playwright = null;
            try { Directory.Delete(ProfileDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        finally
        {
            _gate.Release();
        }
    }
}
