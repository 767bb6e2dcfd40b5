using Microsoft.Extensions.Options;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>Set content and print on one pooled page, with the renderer's print settings.</summary>
public sealed class PagePrinter(IOptions<RendererOptions> options)
{
    /// <summary>A page's first print starts its renderer's print machinery (≈ 3× a warm print, measured).</summary>
    private const string WarmUpHtml =
        "<!DOCTYPE html><html><head><title>warm-up</title><style>@page { size: A4 }</style></head>"
        + "<body><p>warm-up</p></body></html>";

    public async Task<byte[]> PrintAsync(PooledPage page, string html, TimeSpan limit)
    {
        await page.SetContentAsync(html, Milliseconds(limit));
        return await page.PrintAsync(options.Value.TaggedPdf);
    }

    public Task WarmAsync(PooledPage page, CancellationToken ct) =>
        PrintAsync(page, WarmUpHtml, options.Value.RenderTimeout).WaitAsync(options.Value.RenderTimeout, ct);

    private static int Milliseconds(TimeSpan limit) => (int)Math.Clamp(limit.TotalMilliseconds, 1, int.MaxValue);
}
