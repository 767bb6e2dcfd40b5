using System.Text;
using System.Text.RegularExpressions;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// A cheap sanity check of Chromium's output before it is uploaded: the PDF header, a plausible size and
/// at least one page. Skia writes page objects uncompressed, so counting <c>/Type /Page</c> dictionaries is exact.
/// </summary>
public static partial class PdfInspector
{
    public static int CountPages(ReadOnlySpan<byte> pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var pages = PageObject().Count(text);
        if (pages > 0) return pages;
        // Fallback for writers that keep pages in object streams: the page tree root's /Count.
        return PagesCount().Matches(text).Select(m => int.Parse(m.Groups[1].ValueSpan)).DefaultIfEmpty(0).Max();
    }

    /// <summary>The number of pages, or a retryable failure explaining why the bytes are not a usable PDF.</summary>
    public static int Validate(ReadOnlySpan<byte> pdf, long minBytes, long maxBytes)
    {
        if (pdf.Length < 5 || !pdf[..5].SequenceEqual("%PDF-"u8)) throw RenderFailure.BadOutput("missing %PDF- header");
        if (pdf.Length < minBytes) throw RenderFailure.BadOutput($"only {pdf.Length} bytes");
        if (pdf.Length > maxBytes)
            throw new RenderFailure(
                "too-large",
                $"The PDF is {pdf.Length} bytes, above the {maxBytes} byte limit.",
                false
            );
        var pages = CountPages(pdf);
        return pages > 0 ? pages : throw RenderFailure.BadOutput("no pages");
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/Count\s+(\d+)")]
    private static partial Regex PagesCount();
}
