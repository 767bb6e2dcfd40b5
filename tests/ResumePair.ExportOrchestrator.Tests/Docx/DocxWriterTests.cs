extern alias aiproxy;
using aiproxy::ResumePair.AiProxy.Providers.Parsing;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using ResumePair.Contracts.Documents;
using ResumePair.ExportOrchestrator.Exports.Docx;
using ResumePair.ExportOrchestrator.Imports;
using ResumePair.ExportOrchestrator.Tests.Imports;
using ResumePair.Testing.Imports;

namespace ResumePair.ExportOrchestrator.Tests.Docx;

/// <summary>
/// The DOCX writer: a valid Word document with real structure (Title, Heading 1 per section, Heading 2 per entry,
/// List Bullet paragraphs, hyperlinks, no tables), and our own DOCX import (DocxText, then the offline parser, as the
/// import job runs it) reads it back with the fields intact: every document of tests/corpus/templates, entry by entry.
/// </summary>
public sealed class DocxWriterTests
{
    [Fact]
    public void A_resume_is_a_valid_Word_document_with_headings_lists_and_links_and_no_tables()
    {
        var resume = DocxSamples.Full();
        var bytes = ResumeDocx.Write(resume, "Zoë Adler — CV");

        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        var errors = new OpenXmlValidator()
            .Validate(document)
            .Select(e => $"{e.Path?.XPath}: {e.Description}")
            .ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var body = document.MainDocumentPart!.Document!.Body!;
        string? Style(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        var paragraphs = body.Elements<Paragraph>().ToList();
        Assert.Equal("Zoë Adler", paragraphs.Single(p => Style(p) == "Title").InnerText);
        Assert.Equal(
            [
                "Summary",
                "Experience",
                "Projects",
                "Education",
                "Volunteering",
                "Skills",
                "Certifications",
                "Awards",
                "Publications",
                "Languages",
                "Interests",
                "References",
                "Talks",
            ],
            paragraphs.Where(p => Style(p) == "Heading1").Select(p => p.InnerText)
        );
        Assert.Contains(paragraphs, p => Style(p) == "Heading2" && p.InnerText == "Staff engineerFeb 2020 – Present");
        Assert.Contains(paragraphs, p => Style(p) == "ListBullet" && p.InnerText == "Cut build times by 60%");
        Assert.Empty(body.Descendants<Table>());

        var styles = document
            .MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>()
            .ToDictionary(s => s.StyleId!.Value!);
        Assert.Equal("heading 1", styles["Heading1"].StyleName!.Val!.Value);
        Assert.Equal(0, styles["Heading1"].StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        var links = document.MainDocumentPart.HyperlinkRelationships.Select(r => r.Uri.OriginalString).ToList();
        Assert.Contains("https://github.com/zoe", links);
        Assert.Contains("https://acme.example", links);
        Assert.Equal("Zoë Adler — CV", document.PackageProperties.Title);
        var page = body.GetFirstChild<SectionProperties>()!.GetFirstChild<PageSize>()!;
        Assert.Equal(11906u, page.Width!.Value); // A4
    }

    [Fact]
    public void A_cover_letter_is_a_valid_Word_document()
    {
        var letter = new CoverLetterData
        {
            Sender = new Profile { Name = "Zoë Adler", Email = "zoe@example.com" },
            Recipient = new Recipient { Name = "Ann Lee", Company = "Acme" },
            Date = "2026-12-07", Subject = "Platform engineer", Greeting = "Dear Ann,",
            Paragraphs = ["I build platforms.", "I would like to build yours."], Closing = "Kind regards,",
            Design = new DesignSettings { PageSize = "Letter" },
        };
        using var stream = new MemoryStream(ResumeDocx.Write(letter, "Letter to Acme"));
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var text = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal(
            [
                "Zoë Adler",
                "zoe@example.com",
                "7 December 2026",
                "Ann LeeAcme",
                "Platform engineer",
                "Dear Ann,",
                "I build platforms.",
                "I would like to build yours.",
                "Kind regards,",
                "Zoë Adler",
            ],
            text
        );
        Assert.Equal(
            12240u,
            document
                .MainDocumentPart.Document.Body.GetFirstChild<SectionProperties>()!
                .GetFirstChild<PageSize>()!
                .Width!.Value
        );
    }

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (
            var c in ImportCorpus
                .Load(ImportCorpus.TemplatesFolder)
                .Where(c => c.Name.EndsWith("-A4", StringComparison.Ordinal))
        )
            data.Add(c.Name);
        return data;
    }

    /// <summary>Each template document's data (with its design: order, titles, date format) written as DOCX and
    /// imported back.</summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void A_DOCX_export_imports_back_as_the_document_it_was(string name)
    {
        var expected = ImportCorpus.Load(ImportCorpus.TemplatesFolder).Single(c => c.Name == name).Expected;
        var text = ImportText.Tidy(DocxText.Extract(ResumeDocx.Write(expected, name)));
        var parsed = ResumeParser.Parse(text);
        var (e, a) = (expected, parsed.Data);

        RoundTrip.AssertSameFields(e, a);
        Assert.True(parsed.Unplaced.Count == 0, "unplaced: " + string.Join(" / ", parsed.Unplaced) + "\n" + text);
    }
}
