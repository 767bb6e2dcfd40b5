using Microsoft.Extensions.Options;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>Prints an HTML page to PDF on a pooled Chromium page, within a time limit.</summary>
public sealed class PdfPrinter(PagePool pool, PagePrinter printer, IOptions<RendererOptions> options)
{
    public async Task<byte[]> PrintAsync(string html, TimeSpan? timeout, CancellationToken ct, Guid? jobId = null)
    {
        var limit = timeout is { } t && t < options.Value.RenderTimeout ? t : options.Value.RenderTimeout;
        if (limit <= TimeSpan.Zero) throw RenderFailure.Timeout(TimeSpan.Zero);
        using var lease = await AcquireAsync(jobId, ct);
        using var activity = RendererTelemetry.Start("pdf print", jobId);
        var page = lease.Page;
        var work = printer.PrintAsync(page, html, limit);
        try
        {
            // A page whose renderer crashes fails the render now instead of at its time limit.
            if (await Task.WhenAny(work, page.Crashed).WaitAsync(limit, ct) != work) await page.Crashed;
            return await work;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or PuppeteerException)
        {
            // A page interrupted mid-print is in an unknown state: discard it (closing its context aborts the work).
            lease.MarkFailed();
            _ = work.ContinueWith(static w => _ = w.Exception, TaskContinuationOptions.OnlyOnFaulted);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            if (e is OperationCanceledException) throw;
            if (e is TimeoutException) throw RenderFailure.Timeout(limit);
            throw RenderFailure.Browser(e.Message, e);
        }
    }

    private async Task<PageLease> AcquireAsync(Guid? jobId, CancellationToken ct)
    {
        using var activity = RendererTelemetry.Start("pdf queue wait", jobId);
        try
        {
            return await pool.AcquireAsync(ct);
        }
        catch (Exception e)
            when (e is PuppeteerException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw RenderFailure.Browser($"could not launch Chromium or open a page: {e.Message}", e);
        }
    }

    /// <summary>A PNG of the page's first screen at the given CSS size, printed with print media rules (template
    /// thumbnails).</summary>
    public async Task<byte[]> ScreenshotAsync(string html, int width, int height, CancellationToken ct)
    {
        using var lease = await pool.AcquireAsync(ct);
        // Window state, viewport and media emulation change the page: it is discarded afterwards instead of going back
        // to the pool.
        lease.MarkFailed();
        var page = lease.Page;
        var limit = options.Value.RenderTimeout;
        return await ShootAsync().WaitAsync(limit, ct);

        async Task<byte[]> ShootAsync()
        {
            await page.ShowAsync();
            await page.Page.SetViewportAsync(
                new ViewPortOptions
                {
                    Width = width,
                    Height = height,
                    DeviceScaleFactor = 1,
                }
            );
            await page.Page.EmulateMediaTypeAsync(MediaType.Print);
            await page.SetContentAsync(html, (int)limit.TotalMilliseconds);
            return await page.Page.ScreenshotDataAsync(new ScreenshotOptions { Type = ScreenshotType.Png });
        }
    }
}
