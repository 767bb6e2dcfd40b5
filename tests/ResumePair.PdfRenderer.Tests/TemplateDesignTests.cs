using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Templates;
using ResumePair.PdfRenderer.Templates.Design;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>A document's design settings (<c>data.design</c>) as printed: HTML, then real PDFs read back by
/// poppler.</summary>
[Collection("chromium")]
public sealed partial class TemplateDesignTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static JsonElement WithDesign(object design, int extraJobs = 0)
    {
        var data = JsonSerializer
            .SerializeToNode(SampleDocuments.ResumeData(extraJobs: extraJobs), JsonSerializerOptions.Web)!
            .AsObject();
        data["design"] = JsonSerializer.SerializeToNode(design, JsonSerializerOptions.Web);
        return JsonSerializer.SerializeToElement(data);
    }

    [Fact]
    public async Task Every_setting_reaches_the_page()
    {
        var data = WithDesign(
            new
            {
                accentColor = "#AA1144",
                fontFamily = "Noto Serif",
                fontSize = 12.5,
                lineHeight = 1.6,
                margins = "wide",
                dateFormat = "long",
                sectionOrder = new[] { "skills", "work" },
                hiddenSections = new[] { "languages" },
                sectionTitles = new Dictionary<string, string> { ["work"] = "Where I have worked" },
            }
        );
        var html = WebUtility.HtmlDecode(await chromium.Html.RenderAsync("ats-single-column", DocumentTypes.Resume, "t",
            data, "A4", CancellationToken.None));

        Assert.Contains("--accent: #aa1144;", html);
        Assert.Contains("--font: \"Noto Serif\", ", html);
        Assert.Contains("--size: 12.5pt; --leading: 1.6;", html);
        Assert.Contains("margin: 22mm 24mm 22mm", html);
        Assert.Contains("April 2019 – Present", html);
        Assert.Contains("<h2>Where I have worked</h2>", html);
        Assert.DoesNotContain("French", html);
        Assert.True(
            html.IndexOf("<section class=\"skills\">", StringComparison.Ordinal)
                < html.IndexOf("<section class=\"work\">", StringComparison.Ordinal)
        );
        Assert.True(
            html.IndexOf("<section class=\"work\">", StringComparison.Ordinal)
                < html.IndexOf("<section class=\"summary\">", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData("#ffd700")]
    [InlineData("#7fd3ff")]
    [InlineData("#1f5f7a")]
    public void Text_in_the_accent_colour_reads_at_4_5_to_1_on_white(string accent)
    {
        var design = new ResolvedDesign(
            TemplateCatalog.BuiltIn().First().Look,
            new DesignSettings { AccentColor = accent }
        );
        Assert.Equal(accent, design.Accent);
        Assert.True(
            Colors.Contrast(design.AccentText, "#ffffff") >= 4.5,
            $"{design.AccentText}: {Colors.Contrast(design.AccentText, "#ffffff"):0.00}"
        );
        if (Colors.Contrast(accent, "#ffffff") >= 4.5) Assert.Equal(accent, design.AccentText);
    }

    [Fact]
    public async Task A_sidebar_template_prints_one_column_when_asked()
    {
        var two = await chromium.Html.RenderAsync(
            "modern-sidebar",
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            CancellationToken.None
        );
        var one = await chromium.Html.RenderAsync(
            "modern-sidebar",
            DocumentTypes.Resume,
            "t",
            WithDesign(new { columns = 1 }),
            "A4",
            CancellationToken.None
        );
        Assert.Contains("<aside class=\"sidebar\">", two);
        Assert.DoesNotContain("<aside", one);
        Assert.Contains("<section class=\"skills\">", one);
    }

    [Fact]
    public async Task The_accent_colour_is_printed_in_the_pdf()
    {
        var pdf = await chromium.Pdf.RenderAsync(
            "banner",
            DocumentTypes.Resume,
            "t",
            WithDesign(new { accentColor = "#b0122a" }),
            "A4",
            null,
            CancellationToken.None
        );
        var pixels = await Ppm.FirstPageAsync(pdf.Bytes, 30);
        // The banner's band is the accent (already 4.5:1 on white, so printed as chosen).
        Assert.True(pixels.Count(p => Near(p, (0xb0, 0x12, 0x2a))) > 500, "no band in the accent colour");
        var plain = await Ppm.FirstPageAsync(
            (
                await chromium.Pdf.RenderAsync(
                    "banner",
                    DocumentTypes.Resume,
                    "t",
                    SampleDocuments.Resume(),
                    "A4",
                    null,
                    CancellationToken.None
                )
            ).Bytes,
            30
        );
        Assert.DoesNotContain(plain, p => Near(p, (0xb0, 0x12, 0x2a)));
    }

    [Theory]
    [InlineData("modern-sidebar")]
    [InlineData("bold-sidebar")]
    public async Task After_the_sidebar_ends_the_main_column_runs_full_width(string template)
    {
        var pdf = await chromium.Pdf.RenderAsync(
            template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(extraJobs: 10),
            "A4",
            null,
            CancellationToken.None
        );
        Assert.True(pdf.Pages >= 2);
        var words = await WordsAsync(pdf.Bytes, 2);
        // Page 2 has no sidebar: body text starts at the left margin (13 mm ≈ 37 pt), not beside a 58 mm column.
        Assert.Contains(words, w => w.XMin < 60 && w.Text.Length > 3);
    }

    [Theory]
    [MemberData(
        nameof(TemplateTextExtractionTests.TemplatesAndSizes),
        MemberType = typeof(TemplateTextExtractionTests)
    )]
    public async Task Long_resumes_break_between_bullets_and_fill_their_pages(string template, string size)
    {
        var pdf = await chromium.Pdf.RenderAsync(
            template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(extraJobs: 10),
            size,
            null,
            CancellationToken.None
        );
        var (_, height) = PdfTools.MediaBox(pdf.Bytes);
        var fill = new List<double>();
        for (var page = 1; page < pdf.Pages; page++)
        {
            var body = (await WordsAsync(pdf.Bytes, page)).Where(w => w.YMax < height - 45).ToList(); // not the footer
            fill.Add(body.Max(w => w.YMax) / height);
        }
        output.WriteLine(
            $"{template} {size}: {pdf.Pages} pages, "
                + $"text reaches {string.Join(", ", fill.Select(f => f.ToString("P0", CultureInfo.InvariantCulture)))} "
                + "of every page but the last"
        );
        // Entries may break between bullets, so no page but the last ends more than a fifth of a page early.
        Assert.All(fill, f => Assert.True(f > 0.78, $"a page ends at {f:P0}"));
    }

    private sealed record Word(string Text, double XMin, double YMax);

    private static async Task<List<Word>> WordsAsync(byte[] pdf, int page)
    {
        var xml = await PdfProbe.RunOnPdfAsync(
            pdf,
            "pdftotext",
            "-bbox",
            "-f",
            page.ToString(CultureInfo.InvariantCulture),
            "-l",
            page.ToString(CultureInfo.InvariantCulture),
            "{pdf}",
            "-"
        );
        return
        [
            .. WordBox()
                .Matches(xml)
                .Select(m => new Word(
                    WebUtility.HtmlDecode(m.Groups[3].Value),
                    double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                    double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)
                )),
        ];
    }

    private static bool Near((int R, int G, int B) p, (int R, int G, int B) c) =>
        Math.Abs(p.R - c.R) < 12 && Math.Abs(p.G - c.G) < 12 && Math.Abs(p.B - c.B) < 12;

    [GeneratedRegex(@"<word xMin=""([\d.]+)"" yMin=""[\d.]+"" xMax=""[\d.]+"" yMax=""([\d.]+)"">([^<]*)</word>")]
    private static partial Regex WordBox();
}
