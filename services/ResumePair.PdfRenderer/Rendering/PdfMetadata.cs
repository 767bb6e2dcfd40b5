using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// Chromium writes /Title (from &lt;title&gt;) but ignores &lt;meta name="author"&gt;. This appends a PDF incremental
/// update (ISO 32000-1 §7.5.6) that replaces the document information dictionary with one that also carries
/// /Author: the original bytes stay untouched, readers take the newest revision. Skia writes a classic xref
/// table and trailer, which is what this relies on; anything else is left as it is.
/// </summary>
public static partial class PdfMetadata
{
    public static byte[] WithAuthor(byte[] pdf, string author, string creator = "ResumePair")
    {
        if (string.IsNullOrWhiteSpace(author)) return pdf;
        var text = Encoding.Latin1.GetString(pdf);
        var trailer = Trailer().Match(text, Math.Max(0, text.Length - 1024));
        if (!trailer.Success) return pdf;
        var infoId = int.Parse(trailer.Groups["info"].Value, CultureInfo.InvariantCulture);
        var info = InfoObject(infoId).Match(text);
        if (!info.Success) return pdf;

        var entries = NameEntry()
            .Replace(info.Groups["dict"].Value, m => m.Groups["key"].Value is "Author" or "Creator" ? "" : m.Value);
        var body = new StringBuilder()
            .Append('\n')
            .Append(infoId)
            .Append(" 0 obj\n<<")
            .Append(entries.Trim())
            .Append("\n/Author ")
            .Append(PdfString(author.Trim()))
            .Append("\n/Creator ")
            .Append(PdfString(creator))
            .Append(">>\nendobj\n");
        var objectOffset = pdf.Length + 1;
        var xrefOffset = pdf.Length + body.Length;
        body.Append("xref\n")
            .Append(infoId)
            .Append(" 1\n")
            .Append(objectOffset.ToString("D10", CultureInfo.InvariantCulture))
            .Append(" 00000 n \n")
            .Append("trailer\n<</Size ")
            .Append(trailer.Groups["size"].Value)
            .Append(" /Root ")
            .Append(trailer.Groups["root"].Value)
            .Append(" /Info ")
            .Append(infoId)
            .Append(" 0 R /Prev ")
            .Append(trailer.Groups["startxref"].Value)
            .Append(">>\nstartxref\n")
            .Append(xrefOffset.ToString(CultureInfo.InvariantCulture))
            .Append("\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(body.ToString())];
    }

    /// <summary>A PDF text string: UTF-16BE with a byte order mark, hex-encoded (no escaping pitfalls, any
    /// script).</summary>
    private static string PdfString(string value) =>
        "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(value)) + ">";

    [GeneratedRegex(
        @"trailer\s*<<\s*/Size\s+(?<size>\d+)\s*/Root\s+(?<root>\d+\s+\d+\s+R)\s*/Info\s+(?<info>\d+)\s+0\s+R\s*>>"
            + @"\s*startxref\s+(?<startxref>\d+)\s*%%EOF\s*$"
    )]
    private static partial Regex Trailer();

    private static Regex InfoObject(int id) =>
        new($@"(?<![0-9])\b{id} 0 obj\s*<<(?<dict>.*?)>>\s*endobj", RegexOptions.Singleline);

    /// <summary>A /Key followed by a literal string, a hex string or a name — what Skia writes in the info
    /// dictionary.</summary>
    [GeneratedRegex(@"/(?<key>[A-Za-z]+)\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|/[^\s/<>()]+)")]
    private static partial Regex NameEntry();
}
