using Microsoft.Extensions.Options;
using ResumePair.PdfRenderer.Rendering.Cdp;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>Prints an HTML page to PDF on a pooled Chromium page, within a time limit.</summary>
public sealed class PdfPrinter(PagePool pool, IOptions<RendererOptions> options)
{
    /// <summary><c>Page.printToPDF</c> parameters. The PDF comes back base64 in the response (one message) rather than
    /// as a stream read in chunks (<c>IO.read</c> round trips, what puppeteer does). No document outline: a resume
    /// has no use for bookmarks and they cost print time.</summary>
    private readonly object _print = new
    {
        preferCSSPageSize = true, // the template's @page decides A4 or Letter and the margins
        printBackground = true,
        displayHeaderFooter = false,
        generateDocumentOutline = false,
        generateTaggedPDF = options.Value.TaggedPdf,
    };

    public async Task<byte[]> PrintAsync(string html, TimeSpan? timeout, CancellationToken ct)
    {
        var limit = timeout is { } t && t < options.Value.RenderTimeout ? t : options.Value.RenderTimeout;
        if (limit <= TimeSpan.Zero) throw RenderFailure.Timeout(TimeSpan.Zero);
        PageLease acquired;
        try
        {
            acquired = await pool.AcquireAsync(ct);
        }
        catch (Exception e) when (e is CdpException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw RenderFailure.Browser($"could not launch Chromium or open a page: {e.Message}", e);
        }
        await using var lease = acquired;
        var work = PrintCoreAsync(lease.Page, html);
        try
        {
            return await work.WaitAsync(limit, ct);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or CdpException)
        {
            // A page interrupted mid-print is in an unknown state: discard it (closing its context aborts the work).
            lease.MarkFailed();
            _ = work.ContinueWith(static w => _ = w.Exception, TaskContinuationOptions.OnlyOnFaulted);
            if (e is OperationCanceledException) throw;
            if (e is TimeoutException) throw RenderFailure.Timeout(limit);
            throw RenderFailure.Browser(e.Message, e);
        }
    }

    /// <summary>A PNG of the page's first screen at the given CSS size, printed with print media rules (template thumbnails).</summary>
    public async Task<byte[]> ScreenshotAsync(string html, int width, int height, CancellationToken ct)
    {
        await using var lease = await pool.AcquireAsync(ct);
        // Window state, viewport and media emulation change the page: it is discarded afterwards instead of going back to the pool.
        lease.MarkFailed();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.Value.RenderTimeout);
        var session = lease.Page.Session;
        await lease.Page.ShowAsync(limit.Token);
        await session.RunAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false }, limit.Token);
        await session.RunAsync("Emulation.setEmulatedMedia", new { media = "print" }, limit.Token);
        await lease.Page.SetContentAsync(html, limit.Token);
        using var shot = await session.SendAsync("Page.captureScreenshot", new { format = "png" }, limit.Token);
        return shot.RootElement.GetProperty("result").GetProperty("data").GetBytesFromBase64();
    }

    private async Task<byte[]> PrintCoreAsync(PooledPage page, string html)
    {
        await page.SetContentAsync(html, CancellationToken.None);
        using var pdf = await page.Session.SendAsync("Page.printToPDF", _print, CancellationToken.None);
        return pdf.RootElement.GetProperty("result").GetProperty("data").GetBytesFromBase64();
    }
}
