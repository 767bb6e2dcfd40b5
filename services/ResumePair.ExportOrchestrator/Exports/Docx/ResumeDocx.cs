using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using ResumePair.Contracts.Documents;

namespace ResumePair.ExportOrchestrator.Exports.Docx;

/// <summary>
/// A resume or cover letter as an editable Word document (DocumentFormat.OpenXml): Word's own Title, Heading 1/2 and
/// List Bullet styles, links as hyperlinks, page size and accent colour from the document's design. No tables or text
/// boxes: one column of text in reading order, which Word users edit and applicant tracking systems parse.
/// </summary>
public static class ResumeDocx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Sections in the order the templates use when the design says nothing.</summary>
    internal static readonly IReadOnlyList<string> DefaultOrder =
    [
        "summary", "work", "projects", "education", "volunteer", "skills", "certifications", "awards", "publications",
        "languages", "interests", "references", "custom",
    ];

    internal static readonly IReadOnlyDictionary<string, string> DefaultTitles = new Dictionary<string, string>
    {
        ["summary"] = "Summary", ["work"] = "Experience", ["education"] = "Education", ["skills"] = "Skills",
        ["projects"] = "Projects", ["certifications"] = "Certifications", ["languages"] = "Languages",
        ["volunteer"] = "Volunteering", ["awards"] = "Awards", ["publications"] = "Publications",
        ["interests"] = "Interests", ["references"] = "References",
    };

    public static byte[] Write(ResumeData resume, string title) =>
        Package(resume.Design, title, resume.Profile.Name, b => new ResumeContent(b, resume).Write());

    public static byte[] Write(CoverLetterData letter, string title) =>
        Package(letter.Design, title, letter.Sender.Name, b => LetterContent.Write(b, letter));

    private static byte[] Package(DesignSettings? design, string title, string? author, Action<DocxBuilder> write)
    {
        var letter = design?.PageSize == "Letter";
        // twips: Letter 8.5×11 in, A4
        var (width, height, margin) = letter ? (12240, 15840, 1080) : (11906, 16838, 1134);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var font = design?.FontFamily ?? "Liberation Sans";
            var accent = (design?.AccentColor ?? "#1f5f7a").TrimStart('#');
            main.AddNewPart<StyleDefinitionsPart>().Styles = DocxStyles.Create(font, accent, design?.FontSize ?? 10.5);
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = DocxStyles.Bullets();
            var body = new Body();
            write(new DocxBuilder(main, body, width - 2 * margin));
            body.Append(new SectionProperties(
                new PageSize { Width = (UInt32Value)(uint)width, Height = (UInt32Value)(uint)height },
                new PageMargin
                {
                    Top = margin, Bottom = margin, Left = (UInt32Value)(uint)margin, Right = (UInt32Value)(uint)margin,
                    Header = 709, Footer = 709, Gutter = 0,
                }));
            main.Document = new Document(body);
            document.PackageProperties.Title = title;
            if (!string.IsNullOrWhiteSpace(author)) document.PackageProperties.Creator = author;
        }
        return stream.ToArray();
    }
}
