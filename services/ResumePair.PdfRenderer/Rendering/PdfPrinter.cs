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

    private async Task<byte[]> PrintCoreAsync(IPage page, string html, TimeSpan limit)
    {
        await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load, Timeout = (float)limit.TotalMilliseconds });
        return await page.PdfAsync(_print);
    }
}
