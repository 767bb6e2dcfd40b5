using UglyToad.PdfPig.Content;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>
/// Lines in the order the PDF draws them. Browsers and word processors draw text in document order (Chromium: the
/// DOM's, which is also the tag tree's), so a sidebar comes whole before or after the main column and a right-aligned
/// date follows its title: an order no geometric guess matches when a page mixes a label column, right-aligned dates
/// and a sidebar. A drawing order that keeps jumping up the page is not a reading order (a typesetter that draws
/// footers or dates last, text set in layers): then the layout decides (<see cref="PdfLayout"/>).
/// </summary>
public static class PdfStreamOrder
{
    /// <summary>At most this many moves up a page per page: columns, a header band drawn after the body.</summary>
    private const int MaxJumpsPerPage = 4;

    /// <summary>
    /// Glyphs in drawing order; a change of baseline starts a new line. Text drawn later on the same baseline joins
    /// the line where it stands (a timeline's date cell drawn after the title beside it).
    /// </summary>
    public static List<PdfLine> Lines(Page page)
    {
        var rows = new List<List<Letter>>();
        List<Letter>? row = null;
        foreach (var letter in page.Letters.Where(l => l.Value.Length > 0 && l.BoundingBox.Width >= 0))
        {
            var size = Math.Max(letter.PointSize, 1);
            var sameLine = row is not null && Math.Abs(row[0].StartBaseLine.Y - letter.StartBaseLine.Y) < 0.35 * size;
            if (sameLine) row!.Add(letter);
            else rows.Add(row = [letter]);
        }
        return rows.Select(PdfLayout.Line).OfType<PdfLine>().ToList();
    }

    /// <summary>Whether every page's drawing order reads top to bottom with only a few column changes.</summary>
    public static bool IsReadingOrder(IReadOnlyList<List<PdfLine>> pages) =>
        pages.Sum(p => p.Count) > 0 && pages.All(p => Jumps(p) <= MaxJumpsPerPage);

    /// <summary>Blocks of a page: a move up the page starts a new one (the next column, a header band).</summary>
    public static List<List<PdfLine>> Blocks(List<PdfLine> lines)
    {
        var blocks = new List<List<PdfLine>>();
        foreach (var line in lines)
        {
            if (blocks.Count == 0 || IsJump(blocks[^1][^1], line)) blocks.Add([line]);
            else blocks[^1].Add(line);
        }
        return blocks;
    }

    private static int Jumps(List<PdfLine> lines) => lines.Zip(lines.Skip(1)).Count(p => IsJump(p.First, p.Second));

    private static bool IsJump(PdfLine from, PdfLine to) => to.Baseline > from.Baseline + 0.5 * Math.Max(to.Size, 1);
}
