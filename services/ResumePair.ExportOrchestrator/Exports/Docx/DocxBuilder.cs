using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ResumePair.ExportOrchestrator.Exports.Docx;

/// <summary>
/// Appends styled paragraphs to a document body: the few shapes a resume or letter is made of. Entry headings put the
/// dates after a right-aligned tab stop (not a table), so the text reads "Engineer⇥2020 – 2024" in Word, in a screen
/// reader and in our own importer alike.
/// </summary>
internal sealed class DocxBuilder(MainDocumentPart main, Body body, int textWidthTwips)
{
    public void Paragraph(string? style, params OpenXmlElement[] content)
    {
        var paragraph = new Paragraph();
        if (style is not null) paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        paragraph.Append(content);
        body.Append(paragraph);
    }

    public void Text(string? style, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text)) Paragraph(style, Runs(text));
    }

    public void Heading1(string text) => Text(DocxStyles.Heading1, text);

    /// <summary>An entry's heading: its title, and its dates at the right margin.</summary>
    public void Heading2(string? title, string? when)
    {
        if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(when)) return;
        var paragraph = new Paragraph(new ParagraphProperties(
            new ParagraphStyleId { Val = DocxStyles.Heading2 },
            new Tabs(new TabStop { Val = TabStopValues.Right, Position = textWidthTwips })));
        paragraph.Append(Runs(title?.Trim() ?? ""));
        if (!string.IsNullOrWhiteSpace(when)) paragraph.Append(new Run(new TabChar(), Plain(when.Trim())));
        body.Append(paragraph);
    }

    public void Bullets(IEnumerable<string> items)
    {
        foreach (var item in items.Where(i => !string.IsNullOrWhiteSpace(i)))
            body.Append(
                new Paragraph(
                    new ParagraphProperties(
                        new ParagraphStyleId { Val = DocxStyles.ListBullet },
                        new NumberingProperties(
                            new NumberingLevelReference { Val = 0 },
                            new NumberingId { Val = DocxStyles.BulletNumbering }
                        )
                    ),
                    Runs(item.Trim())
                )
            );
    }

    /// <summary>"Label: value", the label in bold; nothing when the value is empty.</summary>
    public void Labelled(string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        Paragraph(null, new Run(new RunProperties(new Bold()), Plain(label + ": ")), Runs(value.Trim()));
    }

    /// <summary>
    /// A clickable link whose text is the URL itself (what a reader, a parser and a printout all need); text that is
    /// not an absolute URL (data saved before the rules, a bare "linkedin.com/in/ada") stays text.
    /// </summary>
    public OpenXmlElement Link(string url, string? text = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "mailto"))
            return Runs(text ?? url);
        var relationship = main.AddHyperlinkRelationship(uri, isExternal: true);
        return new Hyperlink(
            new Run(new RunProperties(new RunStyle { Val = DocxStyles.Hyperlink }), Plain(text ?? url))
        )
        {
            Id = relationship.Id,
        };
    }

    /// <summary>Text whose line breaks become Word line breaks (one paragraph).</summary>
    public static Run Runs(string text)
    {
        var run = new Run();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(Plain(lines[i]));
        }
        return run;
    }

    public static Text Plain(string text) => new(text) { Space = SpaceProcessingModeValues.Preserve };
}
