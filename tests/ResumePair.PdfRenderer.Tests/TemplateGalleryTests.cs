using System.Text;
using System.Text.Json;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Templates;
using SampleDocuments = ResumePair.PdfRenderer.Tests.Support.SampleDocuments;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>Every template, printed by real Chromium and read back by poppler: content, paper, fonts, links, metadata,
/// pagination.</summary>
[Collection("chromium")]
public sealed class TemplateGalleryTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    public static TheoryData<string, string> TemplatesAndSizes()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in TemplateCatalog.BuiltIn()) foreach (var size in t.PageSizes) data.Add(t.Id, size);
        return data;
    }

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var t in TemplateCatalog.BuiltIn()) data.Add(t.Id);
        return data;
    }

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAALklEQVR4nA3HQQEAAAgCMeIYghDGIRgh"
            + "Lpb+NiFhEdGXBg8ZOp/FS5buJzgkNAcLIhXh3rFHeAAAAABJRU5ErkJggg=="
    );

    [Theory]
    [MemberData(nameof(TemplatesAndSizes))]
    public async Task Resume_prints_every_section_on_the_right_paper_with_embedded_fonts_links_and_metadata(
        string template,
        string size
    )
    {
        var pdf = await chromium.Pdf.RenderAsync(
            template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            size,
            null,
            CancellationToken.None
        );

        // Content-stream order (a sidebar's lines are not interleaved with the main column's): compare without
        // whitespace.
        var text = Squeeze(await PdfProbe.TextAsync(pdf.Bytes));
        foreach (var expected in new[]
                 {
                     SampleDocuments.Name, "Distributed systems and developer platforms", "ada@example.com",
                     "+44 20 7946 0958", "github.com/ada", SampleDocuments.JobTitle, "Analytical Engines Ltd",
                     "Cut median deploy time", "University of London", "Mathematics", "Kubernetes", "Advanced", "Loom",
                     "Open-source workflow engine", "Certified Kubernetes Administrator", "CNCF", "French",
                     "Professional", "Talks", "Queues all the way down",
                 })
            Assert.Contains(Squeeze(expected), text, StringComparison.OrdinalIgnoreCase);

        var (w, h) = PdfTools.MediaBox(pdf.Bytes);
        Assert.Equal(size == "A4" ? (595, 842) : (612, 792), ((int)Math.Round(w), (int)Math.Round(h)));

        var fonts = await PdfProbe.FontsAsync(pdf.Bytes);
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.True(f.Embedded, $"{f.Name} is not embedded"));
        // Our faces only, each a real embedded font (no Type 3: no synthesised styles, no CFF outlines).
        Assert.All(fonts, f => Assert.Matches("Liberation|Noto|DejaVu|Droid", f.Name));
        Assert.DoesNotContain(fonts, f => f.Type == "Type 3");

        var info = await PdfProbe.InfoAsync(pdf.Bytes);
        Assert.Equal(SampleDocuments.Name, info["Title"]);
        Assert.Equal(SampleDocuments.Name, info["Author"]);

        var raw = Encoding.Latin1.GetString(pdf.Bytes);
        Assert.Contains("/URI (mailto:ada@example.com)", raw);
        Assert.Contains("/URI (https://github.com/ada)", raw);
        Assert.Contains("/URI (https://linkedin.com/in/ada)", raw);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Cover_letter_prints_in_each_template(string template)
    {
        var pdf = await chromium.Pdf.RenderAsync(
            template,
            DocumentTypes.CoverLetter,
            "t",
            SampleDocuments.CoverLetter(),
            "Letter",
            null,
            CancellationToken.None
        );
        Assert.Equal(1, pdf.Pages);
        var text = Normalize(await PdfTools.ToTextAsync(pdf.Bytes));
        foreach (var expected in new[] { SampleDocuments.Name, "Compilers Inc", "Portsmouth", "15 March 2026",
            "Dear Ms Hopper,", "I have led platform teams", "Kind regards," })
            Assert.Contains(expected, text);
        Assert.Equal(SampleDocuments.Name, (await PdfProbe.InfoAsync(pdf.Bytes))["Author"]);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Long_resume_numbers_pages_from_two_and_strands_no_heading(string template)
    {
        var pdf = await chromium.Pdf.RenderAsync(
            template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(extraJobs: 14),
            "A4",
            null,
            CancellationToken.None
        );
        Assert.InRange(pdf.Pages, 2, 10);
        var headings = new[] { "Summary", "Profile", "Experience", "Professional Experience", "Education", "Skills",
            "Projects", "Selected Projects", "Certifications", "Languages", "Talks", "Contact" };
        for (var page = 1; page <= pdf.Pages; page++)
        {
            var lines = (await PdfProbe.PageTextAsync(pdf.Bytes, page))
                .Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && l != "\f")
                .ToList();
            var footer = $"Page {page} of {pdf.Pages}";
            if (page == 1) Assert.DoesNotContain(lines, l => l.Contains("Page 1 of", StringComparison.Ordinal));
            else Assert.Contains(footer, lines);
            var body = lines
                .Where(l => !l.Contains(footer, StringComparison.Ordinal) && l != SampleDocuments.Name)
                .ToList();
            var last = Squeeze(body[^1]);
            // a heading never ends a page
            Assert.DoesNotContain(headings, h => string.Equals(Squeeze(h), last, StringComparison.OrdinalIgnoreCase));
        }
        output.WriteLine($"{template}: {pdf.Pages} pages");
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Text_is_in_reading_order(string template)
    {
        var pdf = await chromium.Pdf.RenderAsync(
            template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            null,
            CancellationToken.None
        );
        var text = Normalize(await PdfProbe.TextAsync(pdf.Bytes));
        int At(string s) =>
            text.IndexOf(s, StringComparison.Ordinal) is var i and >= 0
                ? i
                : throw new Xunit.Sdk.XunitException($"'{s}' missing");
        Assert.True(At(SampleDocuments.Name) < At(SampleDocuments.JobTitle));
        Assert.True(At("Cut median deploy time") < At("Introduced OpenTelemetry tracing"));
        Assert.True(At("Analytical Engines Ltd") < At("Difference Systems"));
        Assert.True(At("Difference Systems") < At("Built the message bus"));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Right_to_left_and_cjk_names_print_with_the_bundled_fallback_fonts(string template)
    {
        var data = JsonSerializer.SerializeToElement(new
        {
            profile = new { name = "山田 太郎", headline = "שרה כהן", summary = "محمد الأحمد" },
        });
        var pdf = await chromium.Pdf.RenderAsync(template, DocumentTypes.Resume, "t", data, "A4", null,
            CancellationToken.None);
        var text = await PdfProbe.TextAsync(pdf.Bytes);
        output.WriteLine(text);
        // Extraction order of right-to-left words and CJK spacing is the extractor's business: check every word.
        foreach (var word in new[] { "山田", "太郎", "שרה", "כהן", "محمد" }) Assert.Contains(word, text);
        var fonts = await PdfProbe.FontsAsync(pdf.Bytes);
        Assert.All(fonts, f => Assert.True(f.Embedded));
        // Fallbacks come from the project's fonts only (Type 3 = Skia's form for CFF outlines and synthesised bold:
        // embedded, but nameless).
        output.WriteLine(string.Join(", ", fonts.Select(f => $"{f.Name} ({f.Type})")));
        Assert.Contains(fonts, f => f.Name.Contains("NotoSansArabic", StringComparison.Ordinal));
        // CJK from Droid Sans Fallback's TrueType outlines: a CID font with text, not Type 3 shapes.
        Assert.Contains(fonts, f =>
            f.Name.Contains("DroidSansFallback", StringComparison.Ordinal)
            && f.Type.StartsWith("CID TrueType", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(fonts, f => f.Type == "Type 3");
    }

    [Theory]
    [InlineData("modern-sidebar")]
    [InlineData("compact")]
    public async Task Photo_is_printed_inline_and_only_when_its_bytes_are_an_image(string template)
    {
        async Task<byte[]> Render(Photo? photo) =>
            (
                await chromium.Pdf.RenderAsync(
                    new RenderRequest(template, DocumentTypes.Resume, "t", SampleDocuments.Resume(), "A4", photo),
                    null,
                    CancellationToken.None
                )
            ).Bytes;

        var with = Encoding.Latin1.GetString(await Render(new Photo("image/png", Png)));
        var without = Encoding.Latin1.GetString(await Render(null));
        var fake = Encoding.Latin1.GetString(await Render(new Photo("image/png", "<svg onload=alert(1)>"u8.ToArray())));
        Assert.Contains("/Subtype /Image", with);
        Assert.DoesNotContain("/Subtype /Image", without);
        Assert.DoesNotContain("/Subtype /Image", fake);
    }

    private static string Squeeze(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", "");

    /// <summary>pdftotext may break a line anywhere; compare text with single spaces.</summary>
    private static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
}
