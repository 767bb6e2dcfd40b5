using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

[Collection("renderer-service")]
public sealed class TemplatesApiTests(RendererServiceFixture service)
{
    private HttpClient Anonymous() => service.App.CreateClient();

    private HttpClient Authenticated()
    {
        var client = service.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service.Tokens.Create());
        return client;
    }

    private static object PreviewBody(string type = "resume", JsonElement? data = null) =>
        new { type, title = "My resume", data = data ?? SampleDocuments.Resume() };

    [Fact]
    public async Task Templates_are_listed_anonymously()
    {
        var templates = await Anonymous().GetFromJsonAsync<JsonElement>("/api/v1/templates");

        Assert.Equal(4, templates.GetArrayLength());
        var t = templates.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "ats-single-column");
        Assert.Equal("ats-single-column", t.GetProperty("id").GetString());
        Assert.Equal("ATS-friendly single column", t.GetProperty("name").GetString());
        Assert.Equal(["A4", "Letter"], t.GetProperty("pageSizes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["resume", "cover_letter"], t.GetProperty("documentTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/api/v1/templates/ats-single-column/preview", t.GetProperty("previewUrl").GetString());
        Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task Preview_requires_a_token()
    {
        var response = await Anonymous().PostAsJsonAsync("/api/v1/templates/ats-single-column/preview", PreviewBody());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var wrongAudience = service.App.CreateClient();
        wrongAudience.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service.Tokens.Create(audience: "someone-else"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongAudience.PostAsJsonAsync("/api/v1/templates/ats-single-column/preview", PreviewBody())).StatusCode);
    }

    [Fact]
    public async Task Preview_returns_the_printable_html_encoded_and_fenced_by_csp()
    {
        var data = JsonSerializer.SerializeToElement(new { profile = new { name = "<script>alert(1)</script>Mallory" } });
        var response = await Authenticated().PostAsJsonAsync("/api/v1/templates/ats-single-column/preview?pageSize=Letter", PreviewBody(data: data));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;Mallory", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("size: Letter", html);
    }

    [Fact]
    public async Task Preview_of_a_cover_letter_works()
    {
        var response = await Authenticated().PostAsJsonAsync("/api/v1/templates/ats-single-column/preview", PreviewBody("cover_letter", SampleDocuments.CoverLetter()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Dear Ms Hopper,", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/v1/templates/ats-single-column/preview?pageSize=A3", "resume", "pageSize")]
    [InlineData("/api/v1/templates/ats-single-column/preview", "invoice", "type")]
    public async Task Bad_preview_input_is_a_validation_problem(string url, string type, string field)
    {
        var response = await Authenticated().PostAsJsonAsync(url, PreviewBody(type));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task Malformed_document_data_is_a_validation_problem()
    {
        var data = JsonDocument.Parse("""{"work": "not a list"}""").RootElement;
        var response = await Authenticated().PostAsJsonAsync("/api/v1/templates/ats-single-column/preview", PreviewBody(data: data));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_template_is_404_problem()
    {
        var response = await Authenticated().PostAsJsonAsync("/api/v1/templates/nope/preview", PreviewBody());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_reports_chromium()
    {
        var health = await Anonymous().GetFromJsonAsync<JsonElement>("/health");
        Assert.Contains(health.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "chromium");
    }
}
