using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using ResumePair.ExportOrchestrator.Exports.Docx;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Docx;

/// <summary>POST /api/v1/export/docx on the real orchestrator and documents service: a job like any export.</summary>
[Collection("infrastructure")]
public sealed class DocxExportTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_DOCX_export_runs_as_a_job_is_in_the_history_and_downloads_as_a_Word_file()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var accepted = await h.Client.PostAsJsonAsync("/api/v1/export/docx", new { documentId = h.DocumentId });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();

        var job = await Eventually.UntilAsync(
            () => h.GetJobAsync(jobId),
            j => j.Status == "completed",
            "the DOCX export to complete"
        );
        var download = await h.Client.GetAsync(job.DownloadUrl);
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        var file = await h.Client.GetAsync(download.Headers.Location);
        Assert.Equal(ResumeDocx.ContentType, file.Content.Headers.ContentType?.MediaType);
        var name = file.Content.Headers.ContentDisposition?.FileNameStar
            ?? file.Content.Headers.ContentDisposition?.FileName?.Trim('"');
        Assert.EndsWith(".docx", name);
        using (
            var document = WordprocessingDocument.Open(
                new MemoryStream(await file.Content.ReadAsByteArrayAsync()),
                isEditable: false
            )
        )
            Assert.Contains("Jane Doe", document.MainDocumentPart!.Document!.Body!.InnerText);

        var history = await h.Client.GetFromJsonAsync<JsonElement>("/api/v1/export/history");
        var item = history.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("jobId").GetGuid() == jobId);
        Assert.Equal("export_docx", item.GetProperty("type").GetString());
        Assert.Equal("docx", item.GetProperty("templateId").GetString());
        Assert.True(item.GetProperty("documentVersion").GetInt64() >= 1);
    }

    [Fact]
    public async Task Another_users_document_or_a_bad_request_is_refused()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var other = await h.RegisterAsync();
        var theirs = await h.CreateResumeAsync(other);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await h.Client.PostAsJsonAsync("/api/v1/export/docx", new { documentId = theirs })).StatusCode
        );
        var bad = await h.Client.PostAsJsonAsync("/api/v1/export/docx", new { documentId = Guid.Empty, version = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("documentId", out _));
        Assert.True(errors.TryGetProperty("version", out _));
    }
}
