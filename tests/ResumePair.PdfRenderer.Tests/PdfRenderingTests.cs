using System.Diagnostics;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

[Collection("chromium")]
public sealed class PdfRenderingTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string Template = "ats-single-column";

    [Fact]
    public async Task Full_resume_prints_to_a_pdf_whose_text_has_the_name_and_job_title()
    {
        var pdf = await chromium.Pdf.RenderAsync(
            Template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            null,
            CancellationToken.None
        );

        Assert.True(pdf.Bytes.AsSpan().StartsWith("%PDF-"u8));
        Assert.True(pdf.Pages >= 1);
        Assert.Equal(await PdfTools.PageCountAsync(pdf.Bytes), pdf.Pages);
        Assert.Equal(64, pdf.Sha256.Length);
        var text = await PdfTools.ToTextAsync(pdf.Bytes);
        Assert.Contains(SampleDocuments.Name, text);
        Assert.Contains(SampleDocuments.JobTitle, text);
        Assert.Contains("Cut median deploy time", text);
    }

    [Fact]
    public async Task A4_and_Letter_give_different_media_boxes()
    {
        var a4 = await chromium.Pdf.RenderAsync(
            Template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            null,
            CancellationToken.None
        );
        var letter = await chromium.Pdf.RenderAsync(
            Template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "Letter",
            null,
            CancellationToken.None
        );

        var (aw, ah) = PdfTools.MediaBox(a4.Bytes);
        var (lw, lh) = PdfTools.MediaBox(letter.Bytes);
        output.WriteLine($"A4 {aw}x{ah}, Letter {lw}x{lh}");
        Assert.InRange(aw, 593, 597); // 210 mm = 595.3 pt
        Assert.InRange(ah, 840, 844); // 297 mm = 841.9 pt
        Assert.InRange(lw, 610, 614); // 8.5 in = 612 pt
        Assert.InRange(lh, 790, 794); // 11 in = 792 pt
    }

    [Fact]
    public async Task Long_resume_spans_pages_and_the_page_count_matches_pdfinfo()
    {
        var pdf = await chromium.Pdf.RenderAsync(
            Template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(extraJobs: 25),
            "Letter",
            null,
            CancellationToken.None
        );
        Assert.True(pdf.Pages >= 3, $"{pdf.Pages} pages");
        Assert.Equal(await PdfTools.PageCountAsync(pdf.Bytes), pdf.Pages);
    }

    [Fact]
    public async Task Cover_letter_prints()
    {
        var pdf = await chromium.Pdf.RenderAsync(
            Template,
            DocumentTypes.CoverLetter,
            "t",
            SampleDocuments.CoverLetter(),
            "Letter",
            null,
            CancellationToken.None
        );
        var text = await PdfTools.ToTextAsync(pdf.Bytes);
        Assert.Equal(1, pdf.Pages);
        Assert.Contains("Dear Ms Hopper,", text);
        Assert.Contains("Compilers Inc", text);
    }

    [Fact]
    public async Task Hostile_text_is_printed_as_text()
    {
        var data = System.Text.Json.JsonSerializer.SerializeToElement(
            new { profile = new { name = "<script>document.title='pwned'</script>Eve" } }
        );
        var pdf = await chromium.Pdf.RenderAsync(Template, DocumentTypes.Resume, "t", data, "A4", null,
            CancellationToken.None);
        var text = await PdfTools.ToTextAsync(pdf.Bytes);
        Assert.Contains("<script>document.title='pwned'</script>Eve", text);
    }

    [Fact]
    public async Task Non_latin_text_is_printed_with_installed_fonts()
    {
        var data = System.Text.Json.JsonSerializer.SerializeToElement(new
        {
            profile = new { name = "Zoë Ångström-Łukasiewicz", headline = "Ingénieure — Développeuse" },
            languages = new[] { new { language = "Ελληνικά", fluency = "Русский" } },
        });
        var pdf = await chromium.Pdf.RenderAsync(Template, DocumentTypes.Resume, "t", data, "A4", null,
            CancellationToken.None);
        var text = await PdfTools.ToTextAsync(pdf.Bytes);
        Assert.Contains("Zoë Ångström-Łukasiewicz", text);
        Assert.Contains("Ingénieure — Développeuse", text);
        Assert.Contains("Ελληνικά (Русский)", text);
    }

    [Fact]
    public async Task Renders_stay_fast_on_reused_pages()
    {
        var data = SampleDocuments.Resume();
        for (var i = 0; i < 3; i++) await chromium.Pdf.RenderAsync(Template, DocumentTypes.Resume, "t", data, "A4",
            null, CancellationToken.None);

        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var sw = Stopwatch.StartNew();
            var pdf = await chromium.Pdf.RenderAsync(Template, DocumentTypes.Resume, "t", data, "A4", null,
                CancellationToken.None);
            times.Add(sw.Elapsed.TotalMilliseconds);
            Assert.Equal(1, pdf.Pages);
        }
        times.Sort();
        var median = (times[9] + times[10]) / 2;
        output.WriteLine(
            $"one-page resume, 20 warm sequential renders (HTML + print + checks): median {median:0} ms, "
                + $"p95 {times[18]:0} ms, min {times[0]:0} ms, max {times[19]:0} ms"
        );
        Assert.True(median < 1500, $"median {median:0} ms");
    }

    [Fact]
    public async Task A_render_past_its_time_limit_is_a_retryable_timeout_and_the_pool_recovers()
    {
        var html = await chromium.Html.RenderAsync(
            Template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(extraJobs: 200),
            "A4",
            CancellationToken.None
        );
        var e = await Assert.ThrowsAsync<RenderFailure>(() =>
            chromium.Printer.PrintAsync(html, TimeSpan.FromMilliseconds(5), CancellationToken.None)
        );
        Assert.Equal("timeout", e.Code);
        Assert.True(e.Retryable);

        var pdf = await chromium.Pdf.RenderAsync(
            Template,
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            null,
            CancellationToken.None
        );
        Assert.Equal(1, pdf.Pages);
    }

    [Fact]
    public async Task Concurrent_renders_beyond_the_pool_size_all_complete()
    {
        var renders = Enumerable
            .Range(0, 6)
            .Select(_ =>
                chromium.Pdf.RenderAsync(
                    Template,
                    DocumentTypes.Resume,
                    "t",
                    SampleDocuments.Resume(),
                    "A4",
                    null,
                    CancellationToken.None
                )
            );
        var pdfs = await Task.WhenAll(renders);
        Assert.All(pdfs, p => Assert.Equal(1, p.Pages));
    }
}
