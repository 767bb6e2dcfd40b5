using System.Diagnostics;
using System.Text.Json;

namespace ResumePair.PdfRenderer.Rendering.Cdp;

/// <summary>
/// A Chromium process we started ourselves with <c>--remote-debugging-pipe</c> (no TCP port is opened) and the
/// connection on that pipe. Chromium reads commands from fd 3 and writes to fd 4; a <c>/bin/sh</c> <c>exec</c> moves our
/// redirected stdin/stdout there, so the pipe closes when this process exits for any reason, SIGKILL included — and
/// Chromium exits when it reads end-of-file.
/// </summary>
public sealed class CdpBrowser : IAsyncDisposable
{
    private readonly Process _process;

    private CdpBrowser(Process process, CdpConnection connection)
    {
        _process = process;
        Connection = connection;
    }

    public CdpConnection Connection { get; }
    public int ProcessId => _process.Id;
    public string Version { get; private set; } = "";
    public bool IsConnected => !Connection.IsClosed;

    public static async Task<CdpBrowser> LaunchAsync(string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, ILogger logger, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // fd 3 ← our stdin pipe, fd 4 → our stdout pipe; Chromium's own stdout joins stderr, its stdin is empty.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>&2");
        psi.ArgumentList.Add(executable);
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) psi.Environment[key] = value;

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"{executable} did not start");
        // Read by hand, not BeginErrorReadLine: WaitForExit would then also wait for every Chromium helper holding stderr.
        _ = Task.Run(async () =>
        {
            try
            {
                while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
                    if (line.Length > 0) logger.LogDebug("chromium: {Line}", line);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
        }, CancellationToken.None);
        var browser = new CdpBrowser(process, new CdpConnection(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, logger));
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(timeout);
            using var version = await browser.Connection.SendAsync("Browser.getVersion", null, null, bounded.Token);
            browser.Version = version.RootElement.GetProperty("result").GetProperty("product").GetString() ?? "";
            return browser;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await browser.DisposeAsync();
            throw new CdpException("Browser.getVersion", $"Chromium did not answer within {timeout.TotalSeconds:0} s of its launch");
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    public Task<JsonDocument> SendAsync(string method, object? parameters, CancellationToken ct) => Connection.SendAsync(method, parameters, null, ct);

    /// <summary>Asks Chromium to quit, waits up to 5 s, then SIGKILLs the process if it is still there.</summary>
    public async Task CloseAsync()
    {
        if (!Connection.IsClosed)
        {
            Connection.Post("Browser.close", null, null);
            await Connection.Closed.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        try
        {
            // Reaped here (Process waits for its children), so a closed browser never lingers as a zombie of ours.
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _process.Dispose();
    }
}
