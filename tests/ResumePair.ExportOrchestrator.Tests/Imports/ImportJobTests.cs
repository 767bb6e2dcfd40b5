using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>POST /api/v1/imports and the import_resume job, on real PostgreSQL and RabbitMQ.</summary>
[Collection("infrastructure")]
public sealed class ImportJobTests(InfrastructureFixture infra)
{
    private sealed class Setup : IAsyncDisposable
    {
        public required ExportHarness H { get; init; }
        public required FakeImportServices Services { get; init; }

        public async ValueTask DisposeAsync()
        {
            await H.DisposeAsync();
            await Services.DisposeAsync();
        }
    }

    private async Task<Setup> StartAsync(Dictionary<string, string>? extra = null)
    {
        var services = await FakeImportServices.StartAsync();
        var settings = services.Settings();
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return new Setup { Services = services, H = await ExportHarness.StartAsync(infra, settings: settings) };
    }

    private static async Task<Guid> ImportAsync(HttpClient client, byte[] file, string name, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports") { Content = ImportFiles.Form(file, name) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<ExportAccepted>();
        Assert.Equal("pending", accepted!.Status);
        return accepted.JobId;
    }

    private static Task<JobView> FinishedAsync(ExportHarness h, Guid jobId) =>
        Eventually.UntilAsync(() => h.GetJobAsync(jobId), j => !JobStatus.IsUnfinished(j.Status), "the import to finish", TimeSpan.FromSeconds(40));

    [Fact]
    public async Task A_pdf_becomes_a_new_resume_through_the_stages_and_its_upload_is_deleted()
    {
        await using var s = await StartAsync();
        var stages = new ConcurrentQueue<string>();
        s.Services.OnCall = async call => stages.Enqueue($"{call}: {await s.H.ScalarAsync<string>(
            "SELECT progress_message FROM jobs WHERE type = 'import_resume' AND status = 'processing'")}");

        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "jane-doe-cv.pdf");
        Assert.Equal(1L, await s.H.ScalarAsync<long>("SELECT count(*) FROM import_uploads WHERE job_id = @jobId", new { jobId }));
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("completed", job.Status);
        Assert.Null(job.DownloadUrl);
        Assert.Equal(jobId, job.Result!.Value.GetProperty("documentId").GetGuid());
        // pdftotext's text reached the AI, in reading order.
        var text = Assert.Single(s.Services.ExtractedTexts);
        Assert.StartsWith("Jane Doe", text);
        Assert.True(text.IndexOf("Acme Corp", StringComparison.Ordinal) < text.IndexOf("Globex", StringComparison.Ordinal), text);
        Assert.Contains("PostgreSQL and RabbitMQ", text);
        // The resume was created for the uploader, titled by the name the AI found, with the job's id.
        var (owner, title, data) = s.Services.Documents[jobId];
        Assert.Equal((s.H.UserId, "Jane Doe"), (owner, title));
        Assert.Equal("Jane Doe", data.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(["extract: AI extraction", "create: creating resume"], stages);
        Assert.Equal(0L, await s.H.ScalarAsync<long>("SELECT count(*) FROM import_uploads"));
        // An import made a resume, not a file: it is not an export in the history.
        var history = await s.H.Client.GetFromJsonAsync<JsonElement>("/api/v1/export/history?stats=true");
        Assert.Equal(0, history.GetProperty("items").GetArrayLength());
        Assert.Equal(0, history.GetProperty("stats").GetProperty("exports").GetInt32());
    }

    [Fact]
    public async Task A_docx_is_read_with_its_table_and_becomes_a_resume_titled_by_the_name()
    {
        await using var s = await StartAsync();

        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumeDocx(), "cv.docx");
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("completed", job.Status);
        var text = Assert.Single(s.Services.ExtractedTexts);
        Assert.StartsWith("Max Mustermann\n", text);
        Assert.Contains("Product Manager\tmax@example.com", text);
        Assert.Contains("2018 to present\nGrew the self-service revenue", text);
        Assert.Contains("Roadmapping, user research, SQL", text);
        Assert.Equal("Max Mustermann", s.Services.Documents[jobId].Title);
    }

    [Fact]
    public async Task A_scanned_pdf_fails_at_once_with_the_clear_reason_and_never_reaches_the_ai()
    {
        await using var s = await StartAsync();

        var jobId = await ImportAsync(s.H.Client, ImportFiles.ScannedPdf, "scan.pdf");
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("failed", job.Status);
        Assert.Equal("No selectable text found — the file looks scanned; paste the text instead.", job.Error);
        Assert.Equal(1, job.Attempts);
        Assert.Null(job.Result);
        Assert.Empty(s.Services.ExtractedTexts);
        Assert.Empty(s.Services.Documents);
        Assert.Equal(0L, await s.H.ScalarAsync<long>("SELECT count(*) FROM import_uploads"));
    }

    [Fact]
    public async Task Uploads_are_checked_by_content_size_and_presence()
    {
        await using var s = await StartAsync();
        async Task<HttpResponseMessage> Post(HttpContent content) => await s.H.Client.PostAsync("/api/v1/imports", content);

        var tooLarge = await Post(ImportFiles.Form([.. "%PDF-1.7\n"u8, .. new byte[ImportApi.MaxFileBytes]], "big.pdf"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);

        // The name says PDF or DOCX, the bytes do not: refused.
        var png = await Post(ImportFiles.Form([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0], "resume.pdf"));
        var zip = await Post(ImportFiles.Form(ImportFiles.PlainZip(), "resume.docx"));
        var json = await Post(JsonContent.Create(new { file = "resume" }));
        Assert.All([png, zip, json], r => Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode));

        var empty = await Post(ImportFiles.Form([], "empty.pdf"));
        var noFile = await Post(ImportFiles.Form(ImportFiles.ResumePdf, "resume.pdf", field: "attachment"));
        Assert.All([empty, noFile], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _));

        // The content decides, not the name: a PDF called .docx is imported as a PDF.
        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "misnamed.docx");
        Assert.Equal("completed", (await FinishedAsync(s.H, jobId)).Status);
        Assert.Equal(1L, await s.H.ScalarAsync<long>("SELECT count(*) FROM jobs"));

        using var anonymous = s.H.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/imports", ImportFiles.Form(ImportFiles.ResumePdf, "a.pdf"))).StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_file_is_one_job_even_with_a_new_multipart_boundary()
    {
        await using var s = await StartAsync();

        var first = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "cv.pdf", key: "import-1");
        var again = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "cv.pdf", key: "import-1");
        Assert.Equal(first, again);
        Assert.Equal(1L, await s.H.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE type = 'import_resume'"));

        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports") { Content = ImportFiles.Form(ImportFiles.ResumeDocx(), "cv.docx") };
        other.Headers.Add("Idempotency-Key", "import-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await s.H.Client.SendAsync(other)).StatusCode);
        await FinishedAsync(s.H, first);
        Assert.Single(s.Services.Documents);
    }

    [Fact]
    public async Task Retried_attempts_create_one_resume()
    {
        await using var s = await StartAsync();
        // Attempt 1: the AI is down (503, retryable). Attempt 2: documents stores the resume but the answers are lost
        // four times (the client's own retries, then the attempt fails); attempt 3 finds the resume and completes.
        s.Services.ExtractSteps.Enqueue(FakeImportServices.Problem(503, "AI provider unavailable", "down"));
        for (var i = 0; i < 4; i++) s.Services.CreateSteps.Enqueue(FakeImportServices.Problem(503, "Unavailable", "lost answer"));

        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "cv.pdf");
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("completed", job.Status);
        Assert.Equal(3, job.Attempts);
        Assert.Single(s.Services.Documents);
        Assert.True(s.Services.CreateCalls.Count >= 5, $"{s.Services.CreateCalls.Count} create calls");
        Assert.All(s.Services.CreateCalls, id => Assert.Equal(jobId, id));
        Assert.Equal(jobId, job.Result!.Value.GetProperty("documentId").GetGuid());
    }

    [Fact]
    public async Task Quota_used_up_and_invalid_ai_output_fail_at_once_with_their_reason()
    {
        await using var s = await StartAsync();
        s.Services.ExtractSteps.Enqueue(FakeImportServices.Problem(429, "Too many requests", "Limit of 100 reached; try again in 3600 s.", policy: "ai-daily"));
        s.Services.ExtractSteps.Enqueue(FakeImportServices.Problem(502, "Invalid AI output", "profile.name is required"));

        var quota = await FinishedAsync(s.H, await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "a.pdf"));
        var invalid = await FinishedAsync(s.H, await ImportAsync(s.H.Client, ImportFiles.ResumeDocx(), "b.docx"));

        Assert.Equal(("failed", 1), (quota.Status, quota.Attempts));
        Assert.StartsWith("Your daily AI quota is used up (Limit of 100 reached", quota.Error);
        Assert.Equal(("failed", 1), (invalid.Status, invalid.Attempts));
        Assert.Contains("did not match the resume schema, also after a repair attempt, so nothing was saved", invalid.Error);
        Assert.Empty(s.Services.Documents);
    }

    [Fact]
    public async Task Imports_count_toward_the_hourly_job_limit()
    {
        await using var s = await StartAsync(new() { ["Export:MaxJobsPerUserPerHour"] = "1" });

        await FinishedAsync(s.H, await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "a.pdf"));
        var over = await s.H.Client.PostAsync("/api/v1/imports", ImportFiles.Form(ImportFiles.ResumePdf, "a.pdf"));

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.True(over.Headers.RetryAfter is not null);
    }
}
