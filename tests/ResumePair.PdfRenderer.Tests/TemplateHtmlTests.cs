using System.Text.Json;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Templates;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>The HTML side: Razor output, encoding and validation. No Chromium involved.</summary>
public sealed class TemplateHtmlTests : IAsyncLifetime
{
    private const string Template = "ats-single-column";
    private Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;
    private DocumentHtmlRenderer Html => (DocumentHtmlRenderer)_services.GetService(typeof(DocumentHtmlRenderer))!;

    public Task InitializeAsync()
    {
        _services = ChromiumFixture.Build(Path.GetTempPath());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public void Catalog_lists_the_twelve_templates_documents_may_name_each_for_both_document_types_and_page_sizes()
    {
        var catalog = new TemplateCatalog(TemplateCatalog.BuiltIn());
        Assert.Equal(DesignOptions.Templates.Order(), catalog.All.Select(t => t.Id).Order());
        Assert.Equal(12, catalog.All.Count);
        Assert.All(catalog.All, t =>
        {
            Assert.Equal([DocumentTypes.Resume, DocumentTypes.CoverLetter], t.DocumentTypes);
            Assert.Equal(["A4", "Letter"], t.PageSizes);
        });
        Assert.Equal(Template, catalog.Find("ATS-Single-Column")!.Id);
    }

    [Fact]
    public async Task Full_resume_renders_every_section_with_page_size_and_csp()
    {
        var html = await Html.RenderAsync(
            Template,
            DocumentTypes.Resume,
            "My resume",
            SampleDocuments.Resume(),
            "letter",
            CancellationToken.None
        );

        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart());
        Assert.Contains("size: Letter", html);
        Assert.Contains("Content-Security-Policy", html);
        foreach (var heading in new[] { "Summary", "Experience", "Education", "Skills", "Projects", "Certifications",
            "Languages", "Talks" })
            Assert.Contains($"<h2>{heading}</h2>", html);
        Assert.Contains(SampleDocuments.JobTitle, html);
        Assert.Contains("Apr 2019 – Present", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("href=\"mailto:ada@example.com\"", html);
        Assert.Contains("href=\"https://linkedin.com/in/ada\"", html); // scheme-less links become https
    }

    [Fact]
    public async Task Empty_sections_are_omitted()
    {
        var data = JsonSerializer.SerializeToElement(
            new
            {
                profile = new { name = "Only Name" },
                work = Array.Empty<object>(),
                skills = (object?)null,
            }
        );
        var html = await Html.RenderAsync(Template, DocumentTypes.Resume, "t", data, "A4", CancellationToken.None);

        Assert.Contains("Only Name", html);
        Assert.DoesNotContain("<h2>", html);
        Assert.DoesNotContain("class=\"contact\"", html);
    }

    [Fact]
    public async Task Hostile_text_is_encoded_and_hostile_links_are_dropped()
    {
        var data = JsonSerializer.SerializeToElement(new
        {
            profile = new
            {
                name = "<script>alert('x')</script>",
                summary = "</p><img src=x onerror=alert(1)>",
                website = "javascript:alert(1)",
                links = new[] { new { label = "\"><b>x</b>", url = "file:///etc/passwd" } },
            },
        });
        var html = await Html.RenderAsync(Template, DocumentTypes.Resume, "t", data, "A4", CancellationToken.None);

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"file:", html);
        Assert.Contains("javascript:alert(1)", html); // shown as text, not as a link
        Assert.DoesNotContain("<b>x</b>", html);
    }

    [Fact]
    public async Task Cover_letter_renders_with_its_own_layout()
    {
        var html = await Html.RenderAsync(
            Template,
            DocumentTypes.CoverLetter,
            "Letter",
            SampleDocuments.CoverLetter(),
            "A4",
            CancellationToken.None
        );
        Assert.Contains("15 March 2026", html);
        Assert.Contains("<div>Portsmouth</div>", html);
        Assert.Contains("Dear Ms Hopper,", html);
        Assert.Contains($"<div class=\"signature\">{SampleDocuments.Name}</div>", html);
    }

    [Theory]
    [InlineData("no-such-template", DocumentTypes.Resume, "A4", "unknown-template")]
    [InlineData(Template, "invoice", "A4", "unsupported-document-type")]
    [InlineData(Template, DocumentTypes.Resume, "A3", "invalid-page-size")]
    public async Task Bad_requests_fail_without_retry(string template, string type, string pageSize, string code)
    {
        var e = await Assert.ThrowsAsync<RenderFailure>(() =>
            Html.RenderAsync(template, type, "t", SampleDocuments.Resume(), pageSize, CancellationToken.None)
        );
        Assert.Equal(code, e.Code);
        Assert.False(e.Retryable);
    }

    [Fact]
    public async Task Malformed_document_data_fails_without_retry()
    {
        var data = JsonDocument.Parse("""{"profile": {"name": 42}, "work": "nope"}""").RootElement;
        var e = await Assert.ThrowsAsync<RenderFailure>(() => Html.RenderAsync(Template, DocumentTypes.Resume, "t",
            data, "A4", CancellationToken.None));
        Assert.Equal("invalid-document", e.Code);
        Assert.False(e.Retryable);
    }
}
