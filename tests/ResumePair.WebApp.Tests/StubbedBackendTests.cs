using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// The UI of two routes other branches are adding (documents: GET /documents?trashed=true; import: POST /imports),
/// checked now against their agreed shapes by answering just those requests in the browser (Playwright routing);
/// everything else is the real topology. The same flows run unstubbed in ResilienceAndFeaturesTests once merged.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class StubbedBackendTests(WebAppFixture fixture)
{
    [Fact]
    public async Task Trash_view_shows_days_until_purge_from_the_agreed_list_shape()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Mary Golda Ross");
        var deletedAt = DateTimeOffset.UtcNow.AddDays(-2);
        await page.RouteAsync(new System.Text.RegularExpressions.Regex(@"/api/v1/documents\?trashed=true"), route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json",
            Body = JsonSerializer.Serialize(new
            {
                items = new[]
                {
                    new { id = Guid.NewGuid(), type = "resume", title = "Old draft", version = 3, createdAt = deletedAt.AddDays(-5), updatedAt = deletedAt,
                        deletedAt, purgeAt = deletedAt.AddDays(30) },
                },
                nextCursor = (string?)null,
            }, JsonSerializerOptions.Web),
        }));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Trash" }).ClickAsync();
        var item = page.Locator("[data-testid=trash-item]").Filter(new() { HasText = "Old draft" });
        await Assertions.Expect(item).ToContainTextAsync("deleted for good in 28 days");
        await Assertions.Expect(item.GetByRole(AriaRole.Button, new() { Name = "Restore “Old draft”" })).ToBeVisibleAsync();
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Import_uploads_the_file_follows_the_job_and_opens_the_new_resume_or_shows_why_it_failed()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Gladys West");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var imported = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/documents",
            new { type = "resume", title = "Imported CV", data = new { profile = new { name = "Gladys West" } } }, HttpStatusCode.Created);
        var importedId = imported["id"]!.GetValue<string>();

        var okJob = Guid.NewGuid();
        var failedJob = Guid.NewGuid();
        string? uploadedContentType = null;
        var uploads = 0;
        await page.RouteAsync("**/api/v1/imports", async route =>
        {
            uploadedContentType = route.Request.Headers.GetValueOrDefault("content-type");
            var job = Interlocked.Increment(ref uploads) == 1 ? okJob : failedJob;
            await route.FulfillAsync(new() { Status = 202, ContentType = "application/json", Body = JsonSerializer.Serialize(new { jobId = job, status = "pending" }) });
        });
        // No event stream for these stub jobs (404): the app falls back to polling the job view.
        await page.RouteAsync("**/api/v1/export/job/*/events", route => route.FulfillAsync(new() { Status = 404, ContentType = "application/problem+json", Body = "{\"title\":\"Not Found\",\"status\":404}" }));
        var polls = 0;
        await page.RouteAsync($"**/api/v1/export/job/{okJob}", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json",
            Body = Interlocked.Increment(ref polls) < 2
                ? JsonSerializer.Serialize(new { jobId = okJob, status = "processing", progress = 40, progressMessage = "Reading the PDF" })
                : JsonSerializer.Serialize(new { jobId = okJob, status = "completed", progress = 100, result = new { documentId = importedId } }),
        }));
        await page.RouteAsync($"**/api/v1/export/job/{failedJob}", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { jobId = failedJob, status = "failed", error = "scanned: the PDF has no text layer (a scanned image); upload a text PDF or a DOCX" }),
        }));

        await page.GetByLabel("Import a PDF or DOCX resume").SetInputFilesAsync(new FilePayload { Name = "west.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray() });
        await page.WaitForURLAsync($"**/documents/{importedId}");
        await Assertions.Expect(Input(page, "Full name")).ToHaveValueAsync("Gladys West");
        Assert.StartsWith("multipart/form-data", uploadedContentType);

        await page.GetByRole(AriaRole.Link, new() { Name = "← Documents" }).ClickAsync();
        await page.GetByLabel("Import a PDF or DOCX resume").SetInputFilesAsync(new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray() });
        await Assertions.Expect(page.Locator("[data-testid=import-status]")).ToContainTextAsync("Import failed: scanned: the PDF has no text layer");
        await fixture.ScreenshotAsync(page, "21-import-failed-stubbed");

        // Not a PDF/DOCX: refused before any upload.
        await page.GetByLabel("Import a PDF or DOCX resume").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = [1, 2, 3] });
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Choose a PDF or Word (.docx) file." })).ToBeVisibleAsync();
        Assert.Equal(2, uploads);

        // The stubbed 404 event streams were the test's doing.
        var unexpected = fixture.UnexpectedConsoleErrors(session).Where(e => !e.Contains("status of 404")).ToList();
        Assert.True(unexpected.Count == 0, session.Diagnostics);
    }
}
