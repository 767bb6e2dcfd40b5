using System.Text;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>
/// A PDF's text in reading order, from its layout (PdfPig: every glyph's position, size and font). Glyphs on one
/// baseline form a line; a wide gap splits a line into segments (a right-aligned date stays on its line, three
/// spaces apart). When a vertical gutter separates the segments of a page, the columns are read one after the
/// other (left, then right), with full-width lines (a header band) where they stand. The largest line on page one —
/// the name — comes first; a line set larger than the body starts a block (a heading). Lines indented from their
/// column's edge are bullets whose marker was drawn as a shape.
/// </summary>
public static class PdfText
{
    public static string Extract(byte[] pdf)
    {
        try
        {
            using var document = PdfDocument.Open(pdf);
            var pages = document.GetPages().ToList();
            var drawn = pages.Select(PdfStreamOrder.Lines).ToList();
            return PdfStreamOrder.IsReadingOrder(drawn)
                ? PdfLayout.Text(drawn, PdfStreamOrder.Blocks)
                : PdfLayout.Text(pages.Select(PdfLayout.Lines).ToList(), PdfLayout.ReadingOrder);
        }
        catch (Exception e) when (e is PdfDocumentFormatException or PdfDocumentEncryptedException
                                      or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new PermanentJobException(
                "The PDF could not be read ("
                    + e.Message.Split('\n')[0]
                    + "). Export it again as PDF, upload a DOCX, or paste the text instead.",
                e
            );
        }
    }
}

/// <summary>One line of a page: its segments (left to right), baseline, font size and boldness.</summary>
public sealed record PdfLine(IReadOnlyList<PdfSegment> Segments, double Baseline, double Size, bool Bold)
{
    public double Left => Segments[0].Left;
    public double Right => Segments[^1].Right;
    public string Text => string.Join("   ", Segments.Select(s => s.Text));
}

public sealed record PdfSegment(string Text, double Left, double Right, double Baseline, double Size, bool Bold);

public static class PdfLayout
{
    /// <summary>A gap wider than this many font sizes ends a segment (column gutters, right-aligned dates).</summary>
    private const double SegmentGap = 1.2;

    /// <summary>A gap wider than this many font sizes between glyphs is a space (when no space glyph is
    /// there).</summary>
    private const double WordGap = 0.12;

    /// <summary>A gap wider than this many font sizes with no space glyph separates items (a word space is
    /// ~0.25).</summary>
    private const double ItemGap = 0.5;

    public static List<PdfLine> Lines(Page page)
    {
        var letters = page.Letters.Where(l => l.Value.Length > 0 && l.BoundingBox.Width >= 0).ToList();
        var rows = new List<List<Letter>>();
        foreach (var letter in letters.OrderByDescending(l => l.StartBaseLine.Y).ThenBy(l => l.BoundingBox.Left))
        {
            var size = Math.Max(letter.PointSize, 1);
            var row = rows.LastOrDefault(r => Math.Abs(r[0].StartBaseLine.Y - letter.StartBaseLine.Y) < 0.35 * size);
            if (row is null) rows.Add([letter]);
            else row.Add(letter);
        }
        return rows.Select(Line).OfType<PdfLine>().ToList();
    }

    /// <summary>One baseline's glyphs as a line of segments; null when they are all blank.</summary>
    public static PdfLine? Line(List<Letter> row)
    {
        var segments = Segments(row.OrderBy(l => l.BoundingBox.Left).ToList());
        if (segments.Count == 0) return null;
        var visible = row.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var size = visible.Count == 0 ? 0 : visible.Average(l => l.PointSize);
        return new PdfLine(segments, row[0].StartBaseLine.Y, size, visible.Count(IsBold) * 2 > visible.Count);
    }

    private static bool IsBold(Letter l) =>
        l.FontDetails?.IsBold == true || l.FontName?.Contains("Bold", StringComparison.OrdinalIgnoreCase) == true
                              || l.FontName?.Contains("Black", StringComparison.OrdinalIgnoreCase) == true;

    private static List<PdfSegment> Segments(List<Letter> row)
    {
        var segments = new List<PdfSegment>();
        var text = new StringBuilder();
        double left = 0, right = 0, advance = 0, sizeSum = 0;
        int count = 0, bold = 0;
        var pendingSpace = false;
        var spaces = 0;
        void Close()
        {
            var t = text.ToString().Trim();
            if (t.Length > 0)
                segments.Add(new PdfSegment(t, left, right, 0, sizeSum / Math.Max(count, 1), bold * 2 > count));
            text.Clear();
            (sizeSum, count, bold, pendingSpace, spaces) = (0, 0, 0, false, 0);
        }
        foreach (var l in row)
        {
            if (string.IsNullOrWhiteSpace(l.Value))
            {
                pendingSpace = text.Length > 0;
                spaces++;
                continue;
            }
            var size = Math.Max(l.PointSize, 1);
            if (text.Length > 0)
            {
                // Advance-based: glyph boxes are ink, so narrow letters ("i", "l") leave gaps inside words.
                var gap = l.StartBaseLine.X - advance;
                if (gap > SegmentGap * size) Close();
                // A wide gap with no space glyph in it (a margin), or several spaces, separates items
                // ("a@b.c   +44 …   London, UK"); a justified line widens its single spaces instead.
                else if ((!pendingSpace && gap > ItemGap * size) || spaces >= 2) text.Append("   ");
                else if (pendingSpace || gap > WordGap * size) text.Append(' ');
            }
            if (text.Length == 0) left = l.BoundingBox.Left;
            text.Append(l.Value);
            right = Math.Max(right, l.BoundingBox.Right);
            advance = l.EndBaseLine.X;
            sizeSum += l.PointSize;
            count++;
            if (IsBold(l)) bold++;
            pendingSpace = false;
            spaces = 0;
        }
        Close();
        return segments;
    }

    /// <summary>The pages' lines as text, in the blocks <paramref name="order"/> gives, the name first.</summary>
    public static string Text(IReadOnlyList<List<PdfLine>> pages, Func<List<PdfLine>, List<List<PdfLine>>> order)
    {
        var all = pages.SelectMany(p => p).Where(l => l.Size > 0).ToList();
        if (all.Count == 0) return "";
        var body = all.GroupBy(l => Math.Round(l.Size * 2) / 2)
            .OrderByDescending(g => g.Sum(l => l.Text.Length))
            .First()
            .Key;
        var output = new List<string>();
        string? name = null, headline = null;
        if (pages[0].Count > 0)
        {
            var largest = pages[0].MaxBy(l => l.Size)!;
            if (largest.Size >= body * 1.3 && largest.Segments.Count == 1) name = largest.Text;
        }
        if (name is not null)
        {
            output.Add(name);
            // The line right under the name and aligned with it (a headline) goes with it, wherever the page drew it.
            var top = pages[0].MaxBy(l => l.Size)!;
            headline = pages[0].Where(l => l.Baseline < top.Baseline && top.Baseline - l.Baseline < 2.5 * top.Size
                                           && Math.Abs(l.Left - top.Left) < 20)
                .MinBy(l => top.Baseline - l.Baseline) is { } under && under.Size < top.Size * 0.75
                       && under.Segments.Count == 1 && under.Text.Any(char.IsLower) ? under.Text : null;
            if (headline is not null) output.Add(headline);
        }
        // A document that draws its list markers as text needs no guess from indentation (and a timeline's date
        // column would make every entry's text look indented).
        var shapeMarkers = all.Count(l => StartsWithMarker(l.Text)) < 2;
        foreach (var page in pages)
        {
            foreach (var block in order(page))
            {
                var indentBase = block.Where(l => !IsCentered(l, block)).Select(l => l.Left).DefaultIfEmpty(0).Min();
                PdfLine? previous = null;
                var previousHeading = false;
                foreach (var line in block)
                {
                    var text = line.Text;
                    if (name is not null && text == name) { name = null; previous = line; continue; }
                    if (headline is not null && text == headline) { headline = null; previous = line; continue; }
                    var heading = line.Size >= body * 1.12 && text.Split(' ').Length <= 6;
                    // A heading wrapped in a narrow column ("COMPÉTENCES" / "TECHNIQUES") is one line.
                    if (heading && previousHeading && previous is not null && Math.Abs(previous.Size - line.Size) < 0.5
                        && previous.Baseline - line.Baseline < 1.6 * line.Size && output.Count > 0)
                    {
                        output[^1] += " " + text;
                        previous = line;
                        continue;
                    }
                    if (heading && output.Count > 0 && output[^1].Length > 0) output.Add("");
                    var indented =
                        shapeMarkers
                        && line.Left > indentBase + 6
                        && line.Size <= body * 1.05
                        && !(previous is not null && previous.Left > indentBase + 6 && !char.IsUpper(text[0]));
                    if (
                        indented
                        && !StartsWithMarker(text)
                        && char.IsLetterOrDigit(text[0])
                        && !IsCentered(line, block)
                    )
                        text = "• " + text;
                    output.Add(text);
                    previous = line;
                    previousHeading = heading;
                }
            }
        }
        return string.Join('\n', output).Trim();
    }

    /// <summary>The segments of a line on one side of the gutter, with their own size and weight.</summary>
    private static PdfLine Part(PdfLine line, List<PdfSegment> segments)
    {
        var chars = Math.Max(1, segments.Sum(s => s.Text.Length));
        return line with
        {
            Segments = segments,
            Size = segments.Sum(s => s.Size * s.Text.Length) / chars,
            Bold = segments.Where(s => s.Bold).Sum(s => s.Text.Length) * 2 > chars,
        };
    }

    private static bool StartsWithMarker(string text) =>
        text[0] is '•' or '·' or '-' or '*' or '▪' or '◦' or '–' or '●' or '■' or '>' or '›';

    /// <summary>A centred line (a letterhead) is not a bullet though it starts right of the edge.</summary>
    private static bool IsCentered(PdfLine line, List<PdfLine> block)
    {
        var left = block.Min(l => l.Left);
        var right = block.Max(l => l.Right);
        return Math.Abs((line.Left - left) - (right - line.Right)) < 12 && line.Left - left > 30
               && line.Right - line.Left < 0.7 * (right - left);
    }

    /// <summary>
    /// Blocks in reading order. With a gutter (an x no segment crosses, text on both sides), each stretch of lines
    /// that do not cross it is read left column first; a line crossing it is a block of its own where it stands.
    /// A narrow left column whose lines mostly share baselines with the right one is a table (dates beside entries),
    /// read row by row instead.
    /// </summary>
    public static List<List<PdfLine>> ReadingOrder(List<PdfLine> lines)
    {
        var (gutter, table) = Gutter(lines);
        if (table is { } cells) return [MergeCells(lines, cells)];
        if (gutter is null) return [lines];
        var blocks = new List<List<PdfLine>>();
        var left = new List<PdfLine>();
        var right = new List<PdfLine>();
        void Flush()
        {
            if (left.Count > 0) blocks.Add([.. left]);
            if (right.Count > 0) blocks.Add([.. right]);
            left.Clear();
            right.Clear();
        }
        foreach (var line in lines)
        {
            var l = line.Segments.Where(s => s.Right <= gutter.Value).ToList();
            var r = line.Segments.Where(s => s.Left >= gutter.Value).ToList();
            if (l.Count + r.Count < line.Segments.Count)
            {
                Flush();
                blocks.Add([line]);
                continue;
            }
            if (l.Count > 0) left.Add(Part(line, l));
            if (r.Count > 0) right.Add(Part(line, r));
        }
        Flush();
        return blocks;
    }

    /// <summary>
    /// A table's first column (dates beside entries) wraps within its cell: "February 2019 -" / "November 2020".
    /// A line with only first-column text continues the first-column text of the row above.
    /// </summary>
    private static List<PdfLine> MergeCells(List<PdfLine> lines, double gutter)
    {
        var merged = new List<PdfLine>();
        foreach (var line in lines)
        {
            var onlyLeft = line.Segments.All(s => s.Right <= gutter);
            var above = merged.Count > 0 ? merged[^1] : null;
            if (onlyLeft && above is not null && above.Segments[0].Right <= gutter && above.Segments.Count > 1
                && above.Baseline - line.Baseline < 2 * line.Size)
            {
                var first = above.Segments[0];
                var segments = above.Segments.ToList();
                segments[0] = first with
                {
                    Text = first.Text + " " + line.Text,
                    Right = Math.Max(first.Right, line.Right),
                };
                merged[^1] = above with { Segments = segments };
                continue;
            }
            merged.Add(line);
        }
        return merged;
    }

    private static (double? Gutter, double? Table) Gutter(List<PdfLine> lines)
    {
        var segments = lines.SelectMany(l => l.Segments).ToList();
        if (segments.Count < 12) return (null, null);
        var minX = segments.Min(s => s.Left);
        var maxX = segments.Max(s => s.Right);
        var width = maxX - minX;
        double? best = null;
        var bestCrossing = int.MaxValue;
        for (var x = minX + width * 0.2; x <= minX + width * 0.8; x += 2)
        {
            var crossing = segments.Count(s => s.Left < x && s.Right > x);
            if (crossing >= bestCrossing) continue;
            var leftCount = segments.Count(s => s.Right <= x);
            var rightCount = segments.Count(s => s.Left >= x);
            if (leftCount < 6 || rightCount < 6) continue;
            (best, bestCrossing) = (x, crossing);
        }
        if (best is null || bestCrossing > segments.Count * 0.12) return (null, null);
        var g = best.Value;
        // Dates beside entries (a table's first column): little text, rows on the right column's baselines.
        var leftLines = lines
            .Where(l => l.Segments.All(s => s.Right <= g) || l.Segments.Any(s => s.Right <= g))
            .ToList();
        var leftSegments = segments.Where(s => s.Right <= g).ToList();
        var leftChars = leftSegments.Sum(s => s.Text.Length);
        var shared = lines.Count(l => l.Segments.Any(s => s.Right <= g) && l.Segments.Any(s => s.Left >= g));
        var rightSegments = segments.Where(s => s.Left >= g).ToList();
        var rightChars = rightSegments.Sum(s => s.Text.Length);
        var narrowChars = Math.Min(leftChars, rightChars);
        var narrowLines =
            leftChars <= rightChars ? leftLines.Count : lines.Count(l => l.Segments.Any(s => s.Left >= g));
        // Right-aligned dates beside entries are rows too, but nothing wraps into them: read them line by line.
        if (narrowChars < 0.12 * (leftChars + rightChars) && shared >= narrowLines * 0.4)
            return leftChars < rightChars ? (null, g) : (null, null);
        return (g, null);
    }
}
