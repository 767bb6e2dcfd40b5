using PuppeteerSharp;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// One launched Chromium (PuppeteerSharp's <see cref="IBrowser"/> over <c>--remote-debugging-pipe</c>) with its own
/// user-data folder and process marker (<see cref="ChromiumProcesses.BrowserVariable"/> = <see cref="Id"/>). A worker
/// runs one, and two for the moment a recycled browser hands over to its warmed replacement.
/// </summary>
public sealed class ChromiumInstance
{
    private int _leased;
    private volatile bool _killed;
    private volatile bool _retiring;
    private readonly TaskCompletionSource _unused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ChromiumInstance(IBrowser browser, string id, string userDataDirectory, int generation)
    {
        Browser = browser;
        Id = id;
        UserDataDirectory = userDataDirectory;
        Generation = generation;
    }

    public IBrowser Browser { get; }
    public string Id { get; }
    public string UserDataDirectory { get; }
    public int Generation { get; }
    public string Version { get; internal set; } = "";

    /// <summary>False once killed, even before its pipe closes (until then PuppeteerSharp still reports it
    /// connected).</summary>
    public bool IsAlive => !_killed && Browser.IsConnected;

    /// <summary>Asks Chromium to quit and waits up to 5 s (a test hook and the polite half of retiring it).</summary>
    public async Task CloseAsync()
    {
        try
        {
            await Browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or PuppeteerException or IOException or ObjectDisposedException)
        {
            // Hung or already gone: whoever retires it kills what is left.
        }
    }

    internal void MarkKilled() => _killed = true;

    /// <summary>Pages of this browser currently rented out; a replaced browser closes when they are back.</summary>
    internal void Lease() => Interlocked.Increment(ref _leased);

    internal void Release()
    {
        if (Interlocked.Decrement(ref _leased) == 0 && _retiring) _unused.TrySetResult();
    }

    /// <summary>Completes once no page of this browser is in use (immediately when none is).</summary>
    internal Task UnusedAsync()
    {
        _retiring = true;
        if (Volatile.Read(ref _leased) == 0) _unused.TrySetResult();
        return _unused.Task;
    }
}
