using Microsoft.Extensions.Options;
using PuppeteerSharp;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>Set content and print on one pooled page, with the renderer's print settings.</summary>
public sealed class PagePrinter(IOptions<RendererOptions> options)
{
    /// <summary>A page's first print starts its renderer's print machinery (≈ 3× a warm print, measured).</summary>
    private const string WarmUpHtml = "<!DOCTYPE html><html><head><title>warm-up</title><style>@page { size: A4 }</style></head>"
        + "<body><p>warm-up</p></body></html>";

    /// <summary>The template's @page decides A4 or Letter and the margins. No document outline: a resume has no use for
    /// bookmarks and they cost print time. No wait for <c>document.fonts.ready</c> (an evaluation per print): templates use
    /// only installed fonts through the private fontconfig, no <c>@font-face</c> to load.</summary>
    private PdfOptions Options(TimeSpan limit) => new()
    {
        PreferCSSPageSize = true,
        PrintBackground = true,
        Tagged = options.Value.TaggedPdf,
        Outline = false,
        WaitForFonts = false,
        Timeout = Milliseconds(limit),
    };

    public async Task<byte[]> PrintAsync(PooledPage page, string html, TimeSpan limit)
    {
        await page.SetContentAsync(html, Milliseconds(limit));
        if (options.Value.Experiment.Contains("stream", StringComparison.Ordinal)) return await page.Page.PdfDataAsync(Options(limit));
        // One message with the PDF inline instead of a stream read in IO.read chunks (PuppeteerSharp's way).
        var printed = await page.Page.Client.SendAsync("Page.printToPDF", new
        {
            transferMode = "ReturnAsBase64",
            printBackground = true,
            preferCSSPageSize = true,
            generateTaggedPDF = options.Value.TaggedPdf,
            generateDocumentOutline = false,
            paperWidth = 8.5,
            paperHeight = 11,
            marginTop = 0,
            marginBottom = 0,
            marginLeft = 0,
            marginRight = 0,
        });
        return Convert.FromBase64String(printed!.Value.GetProperty("data").GetString()!);
    }

    public Task WarmAsync(PooledPage page, CancellationToken ct) =>
        PrintAsync(page, WarmUpHtml, options.Value.RenderTimeout).WaitAsync(options.Value.RenderTimeout, ct);

    private static int Milliseconds(TimeSpan limit) => (int)Math.Clamp(limit.TotalMilliseconds, 1, int.MaxValue);
}
