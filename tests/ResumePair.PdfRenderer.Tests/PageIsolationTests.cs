using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>
/// Pages are reused and each render replaces the page's document in place: a PDF must hold its own document and nothing
/// of any other render (earlier ones on the same page, or concurrent ones on other pages), and no script may run.
/// </summary>
[Collection("chromium")]
public sealed class PageIsolationTests(ChromiumFixture chromium)
{
    private static string Html(string marker, int paragraphs) =>
        "<!DOCTYPE html><html><head><title>isolation</title><style>@page { size: A4 }</style></head><body>"
        + string.Concat(Enumerable.Range(0, paragraphs).Select(i => $"<p>{marker} paragraph {i}</p>"))
        + "</body></html>";

    [Fact]
    public async Task Every_render_prints_its_own_document_and_nothing_of_any_other()
    {
        // Six times the pool's two pages, concurrently, long and short documents mixed: every page prints several
        // documents in turn, and a short one after a long one shows any leftover of the document it replaced.
        var markers = Enumerable.Range(0, 12).Select(i => $"mark{i:00}{Guid.NewGuid():N}"[..16]).ToList();
        var pdfs = await Task.WhenAll(markers.Select((marker, i) =>
            chromium.Printer.PrintAsync(Html(marker, i % 2 == 0 ? 120 : 1), null, CancellationToken.None)));

        for (var i = 0; i < markers.Count; i++)
        {
            var text = await PdfTools.ToTextAsync(pdfs[i]);
            Assert.Contains($"{markers[i]} paragraph 0", text);
            foreach (var other in markers.Where((_, j) => j != i)) Assert.DoesNotContain(other, text);
            Assert.Equal(i % 2 == 0 ? 120 : 1, text.Split(markers[i]).Length - 1);
        }
    }

    [Fact]
    public async Task Scripts_do_not_run()
    {
        const string html = """
            <!DOCTYPE html><html><head><title>scripts</title><style>@page { size: A4 }</style>
            <script>document.title = 'changed'; document.write('<p>written by a script</p>');</script></head>
            <body><p id="p">static text</p>
            <img src="x" onerror="document.getElementById('p').textContent = 'handler ran'">
            <script>document.getElementById('p').textContent = 'inline script ran';</script></body></html>
            """;

        var text = await PdfTools.ToTextAsync(await chromium.Printer.PrintAsync(html, null, CancellationToken.None));

        Assert.Contains("static text", text);
        Assert.DoesNotContain("script ran", text);
        Assert.DoesNotContain("handler ran", text);
        Assert.DoesNotContain("written by a script", text);
    }
}
