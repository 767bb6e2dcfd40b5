using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Templates;
using ResumePair.PdfRenderer.Templates.Design;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>
/// What machines read back: every template × page size printed by Chromium and read by poppler's pdftotext (what
/// ATS importers and our own resume import use) gives the words on the page, each section with its own content, in
/// the order the design printed them. RESUMEPAIR_PDF_DUMP=folder keeps the PDFs for a look.
/// </summary>
[Collection("chromium")]
public sealed class TemplateTextExtractionTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    public static TheoryData<string, string> TemplatesAndSizes()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in TemplateCatalog.BuiltIn()) foreach (var size in t.PageSizes) data.Add(t.Id, size);
        return data;
    }

    /// <summary>Text that only its own section holds, by section key.</summary>
    private static readonly Dictionary<string, string[]> Content = new()
    {
        ["summary"] = ["reliable, observable platforms"],
        ["work"] = ["Analytical Engines Ltd", "Cut median deploy time from 42 to 6 minutes", "Difference Systems"],
        ["projects"] = ["Open-source workflow engine", "github.com/ada/loom"],
        ["education"] = ["University of London", "Grade: First"],
        ["skills"] = ["Kubernetes, RabbitMQ"],
        ["certifications"] = ["Certified Kubernetes Administrator"],
        ["languages"] = ["French (Professional)"],
        ["custom"] = ["Queues all the way down"],
    };

    [Theory]
    [MemberData(nameof(TemplatesAndSizes))]
    public async Task Resume_text_extracts_as_words_with_every_section_holding_its_own_content(
        string template,
        string size
    )
    {
        var descriptor = TemplateCatalog.BuiltIn().Single(t => t.Id == template);
        var pdf = await chromium.Pdf.RenderAsync(
            template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(extraJobs: 3),
            size,
            null,
            CancellationToken.None
        );
        if (Environment.GetEnvironmentVariable("RESUMEPAIR_PDF_DUMP") is { } dir)
        {
            await File.WriteAllBytesAsync(Path.Combine(dir, $"{template}-{size}.pdf"), pdf.Bytes);
            await File.WriteAllTextAsync(
                Path.Combine(dir, $"{template}-{size}.html"),
                await chromium.Html.RenderAsync(
                    template,
                    DocumentTypes.Resume,
                    "t",
                    SampleDocuments.Resume(extraJobs: 3),
                    size,
                    CancellationToken.None
                )
            );
        }

        var design = new ResolvedDesign(descriptor.Look, null);
        // The sections the sample fills (the JSON Resume ones it leaves empty print nothing: JsonResumeSectionsTests).
        var keys = design.Side.Concat(design.Main).Where(Content.ContainsKey).ToList();
        var titles = keys.ToDictionary(k => k, k => k == "custom" ? "Talks" : design.Title(k));
        foreach (
            var (mode, text) in new[]
            {
                ("default", await PdfProbe.RunOnPdfAsync(pdf.Bytes, "pdftotext", "{pdf}", "-")),
                ("raw", await PdfProbe.TextAsync(pdf.Bytes)),
            }
        )
        {
            output.WriteLine($"--- {mode}\n{text}");
            var flat = Regex.Replace(text, @"\s+", " ");
            // Headings are whole words on their own line ("SUMMARY", never "SU M M A RY"); links are not broken.
            foreach (var (key, title) in titles)
                Assert.True(
                    Regex.IsMatch(text, $@"(?im)^\W*{Regex.Escape(title)}(\s|$)"),
                    $"{mode}: heading '{title}' does not start a line"
                );
            foreach (var url in new[] { "ada@example.com", "github.com/ada", "linkedin.com/in/ada",
                "github.com/ada/loom", "ada.example.com" })
                Assert.Contains(url, flat);

            // Each section's own text lies between its heading and the next one, headings in print order (a sidebar's
            // sections first: it is not interleaved with the main column). pdftotext's default mode guesses columns
            // from the gaps between lines, and how it cuts a sidebar depends on where the main column's lines fall, so
            // two-column pages are held to this in content-stream order (-raw: the order the PDF and its tags give).
            if (mode == "default" && design.Columns == 2) continue;
            var at = keys.Select(k =>
                    (Key: k, At: Regex.Match(text, $@"(?im)^\W*{Regex.Escape(titles[k])}(\s|$)").Index)
                )
                .ToList();
            Assert.Equal(at.Select(a => a.Key), at.OrderBy(a => a.At).Select(a => a.Key));
            var ordered = at.OrderBy(a => a.At).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var end = i + 1 < ordered.Count ? ordered[i + 1].At : text.Length;
                var section = Regex.Replace(text[ordered[i].At..end], @"\s+", " ");
                foreach (var expected in Content[ordered[i].Key])
                    Assert.True(
                        section.Contains(expected, StringComparison.Ordinal),
                        $"{mode}: '{expected}' is not in section {ordered[i].Key}: {section}"
                    );
            }
        }
    }

    [Theory]
    [MemberData(nameof(TemplatesAndSizes))]
    public async Task Cover_letter_prints_on_one_page_of_each_size(string template, string size)
    {
        var pdf = await chromium.Pdf.RenderAsync(
            template,
            DocumentTypes.CoverLetter,
            "t",
            SampleDocuments.CoverLetter(),
            size,
            null,
            CancellationToken.None
        );
        Assert.Equal(1, pdf.Pages);
        var (w, h) = PdfTools.MediaBox(pdf.Bytes);
        Assert.Equal(size == "A4" ? (595, 842) : (612, 792), ((int)Math.Round(w), (int)Math.Round(h)));
        var text = Regex.Replace(await PdfProbe.TextAsync(pdf.Bytes), @"\s+", " ");
        foreach (var expected in new[] { SampleDocuments.Name, "ada@example.com", "Compilers Inc", "15 March 2026",
            "Dear Ms Hopper,", "I have led platform teams for a decade.", "Kind regards," })
            Assert.Contains(expected, text);
    }
}
