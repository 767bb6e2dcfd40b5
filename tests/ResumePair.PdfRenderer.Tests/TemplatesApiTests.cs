using ResumePair.Contracts.Documents;
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

        Assert.Equal(DesignOptions.Templates.Count, templates.GetArrayLength());
        var t = templates.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "ats-single-column");
        Assert.Equal("ats-single-column", t.GetProperty("id").GetString());
        Assert.Equal("ATS-friendly single column", t.GetProperty("name").GetString());
        Assert.Equal(["A4", "Letter"], t.GetProperty("pageSizes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            ["resume", "cover_letter"],
            t.GetProperty("documentTypes").EnumerateArray().Select(e => e.GetString())
        );
        Assert.Equal("/api/v1/templates/ats-single-column/preview", t.GetProperty("previewUrl").GetString());
        Assert.Equal("/api/v1/templates/ats-single-column/preview.png", t.GetProperty("previewImageUrl").GetString());
        Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task A_German_reader_gets_every_templates_name_and_description_in_German_and_ids_unchanged()
    {
        async Task<(JsonElement Body, string? Language)> List(string? language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/templates");
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await Anonymous().SendAsync(request);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Content.Headers.ContentLanguage
                .SingleOrDefault());
        }

        var (english, englishLanguage) = await List(null);
        var (german, germanLanguage) = await List("de-DE,de;q=0.9,en;q=0.5");

        Assert.Equal("en", englishLanguage);
        Assert.Equal("de", germanLanguage);
        var pairs = english.EnumerateArray().Zip(german.EnumerateArray()).ToList();
        Assert.Equal(DesignOptions.Templates.Count, pairs.Count);
        foreach (var (en, de) in pairs)
        {
            Assert.Equal(en.GetProperty("id").GetString(), de.GetProperty("id").GetString());
            Assert.NotEqual(en.GetProperty("description").GetString(), de.GetProperty("description").GetString());
        }
        var ats = german.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "ats-single-column");
        Assert.Equal("ATS-freundlich, eine Spalte", ats.GetProperty("name").GetString());
        Assert.StartsWith("Eine Spalte schlichter Text", ats.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_missing_template_is_a_German_problem_for_a_German_reader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/templates/nope/preview.png");
        request.Headers.AcceptLanguage.ParseAdd("de");
        using var response = await Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Vorlage nicht gefunden", problem.GetProperty("title").GetString());
        Assert.Equal("Es gibt keine Vorlage „nope“.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Every_template_has_an_anonymous_png_preview_image_of_its_own()
    {
        var client = Anonymous();
        var templates = await client.GetFromJsonAsync<JsonElement>("/api/v1/templates");
        var images = new Dictionary<string, byte[]>();
        foreach (var t in templates.EnumerateArray())
        {
            var response = await client.GetAsync(t.GetProperty("previewImageUrl").GetString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("max-age", response.Headers.CacheControl?.ToString());
            var png = await response.Content.ReadAsByteArrayAsync();
            Assert.True(png.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]), "not a PNG");
            // IHDR: width and height, big-endian, at bytes 16..23.
            Assert.Equal(397, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(561, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            Assert.True(png.Length > 10_000, $"{png.Length} bytes: a blank page?");
            images[t.GetProperty("id").GetString()!] = png;
        }
        Assert.Equal(DesignOptions.Templates.Count, images.Values.Select(Convert.ToHexString).Distinct().Count());
        // Cached: the second request returns the same bytes.
        Assert.Equal(images["compact"], await client.GetByteArrayAsync("/api/v1/templates/compact/preview.png"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/templates/nope/preview.png")).StatusCode);
    }

    [Fact]
    public async Task Preview_prints_a_data_uri_photo_and_rejects_any_other_photo_url()
    {
        const string png =
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAALklEQVR4nA3HQQEAAAgCMeIYghDGIRgh"
                + "Lpb+NiFhEdGXBg8ZOp/FS5buJzgkNAcLIhXh3rFHeAAAAABJRU5ErkJggg==";
        var ok = await Authenticated()
            .PostAsJsonAsync(
                "/api/v1/templates/modern-sidebar/preview",
                new
                {
                    type = "resume",
                    title = "t",
                    data = SampleDocuments.Resume(),
                    photo = png,
                }
            );
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains($"src=\"{png}\"", WebUtility.HtmlDecode(await ok.Content.ReadAsStringAsync()));

        var remote = await Authenticated()
            .PostAsJsonAsync(
                "/api/v1/templates/modern-sidebar/preview",
                new
                {
                    type = "resume",
                    title = "t",
                    data = SampleDocuments.Resume(),
                    photo = "http://127.0.0.1/x.png",
                }
            );
        Assert.Equal(HttpStatusCode.BadRequest, remote.StatusCode);
    }

    [Fact]
    public async Task Preview_requires_a_token()
    {
        var response = await Anonymous().PostAsJsonAsync("/api/v1/templates/ats-single-column/preview", PreviewBody());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var wrongAudience = service.App.CreateClient();
        wrongAudience.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            service.Tokens.Create(audience: "someone-else")
        );
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (
                await wrongAudience.PostAsJsonAsync("/api/v1/templates/ats-single-column/preview", PreviewBody())
            ).StatusCode
        );
    }

    [Fact]
    public async Task Preview_returns_the_printable_html_encoded_and_fenced_by_csp()
    {
        var data = JsonSerializer.SerializeToElement(
            new { profile = new { name = "<script>alert(1)</script>Mallory" } }
        );
        var response = await Authenticated()
            .PostAsJsonAsync("/api/v1/templates/ats-single-column/preview?pageSize=Letter", PreviewBody(data: data));

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
        var response = await Authenticated()
            .PostAsJsonAsync(
                "/api/v1/templates/ats-single-column/preview",
                PreviewBody("cover_letter", SampleDocuments.CoverLetter())
            );
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
        var response = await Authenticated()
            .PostAsJsonAsync("/api/v1/templates/ats-single-column/preview", PreviewBody(data: data));
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
        Assert.Contains(health.GetProperty("checks").EnumerateArray(), c =>
            c.GetProperty("name").GetString() == "chromium"
        );
    }
}
