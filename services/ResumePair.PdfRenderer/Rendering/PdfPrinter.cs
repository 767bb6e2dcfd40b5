using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>Prints an HTML page to PDF on a pooled Chromium page, within a time limit.</summary>
public sealed class PdfPrinter(PagePool pool, IOptions<RendererOptions> options)
{
    private readonly PagePdfOptions _print = new()
    {
        PreferCSSPageSize = true, // the template's @page decides A4 or Letter and the margins
        PrintBackground = true,
        DisplayHeaderFooter = false,
        Outline = false,
        Tagged = options.Value.TaggedPdf,
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
        catch (PlaywrightException e)
        {
            throw RenderFailure.Browser($"could not launch Chromium or open a page: {e.Message}", e);
        }
        await using var lease = acquired;
        var work = PrintCoreAsync(lease.Page, html, limit);
        try
        {
            return await work.WaitAsync(limit, ct);
        }
        catch (Exception e) when (e is System.TimeoutException or OperationCanceledException or PlaywrightException)
        {
            // A page interrupted mid-print is in an unknown state: discard it (closing aborts the work).
            lease.MarkFailed();
            _ = work.ContinueWith(static w => _ = w.Exception, TaskContinuationOptions.OnlyOnFaulted);
            if (e is OperationCanceledException) throw;
            if (e is System.TimeoutException) throw RenderFailure.Timeout(limit);
            throw RenderFailure.Browser(e.Message, e);
        }
    }

    /// <summary>A PNG of the page's first screen at the given CSS size, printed with print media rules (template thumbnails).</summary>
    public async Task<byte[]> ScreenshotAsync(string html, int width, int height, CancellationToken ct)
    {
        await using var lease = await pool.AcquireAsync(ct);
        // Viewport and media emulation change the page: it is discarded afterwards instead of going back to the pool.
        lease.MarkFailed();
        var limit = (float)options.Value.RenderTimeout.TotalMilliseconds;
        await lease.Page.SetViewportSizeAsync(width, height);
        await lease.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await lease.Page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load, Timeout = limit });
        return await lease.Page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png, Timeout = limit }).WaitAsync(ct);
    }

    private async Task<byte[]> PrintCoreAsync(IPage page, string html, TimeSpan limit)
    {
        await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load, Timeout = (float)limit.TotalMilliseconds });
        return await page.PdfAsync(_print);
    }
}
