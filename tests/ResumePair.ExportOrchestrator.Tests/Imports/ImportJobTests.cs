using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;
using ResumePair.Testing.Vendors;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>
/// POST /api/v1/imports and the import_resume job, on real PostgreSQL and RabbitMQ, calling the real ai-proxy and
/// documents services (<see cref="ImportTopology"/>).
/// </summary>
[Collection("infrastructure")]
public sealed class ImportJobTests(InfrastructureFixture infra)
{
    private Task<ImportTopology> StartAsync(
        Dictionary<string, string>? orchestrator = null,
        Dictionary<string, string>? aiProxy = null
    ) => ImportTopology.StartAsync(infra, orchestrator, aiProxy);

    private static async Task<Guid> ImportAsync(HttpClient client, byte[] file, string name, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports")
        {
            Content = ImportFiles.Form(file, name),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<ExportAccepted>();
        Assert.Equal("pending", accepted!.Status);
        return accepted.JobId;
    }

    private static Task<JobView> FinishedAsync(ExportHarness h, Guid jobId) =>
        Eventually.UntilAsync(
            () => h.GetJobAsync(jobId),
            j => !JobStatus.IsUnfinished(j.Status),
            "the import to finish",
            TimeSpan.FromSeconds(40)
        );

    [Fact]
    public async Task A_pdf_becomes_a_new_resume_through_the_stages_and_its_upload_is_deleted()
    {
        await using var s = await StartAsync();
        var stages = new ConcurrentQueue<string>();
        Task<string> StageAsync() =>
            s.H.ScalarAsync<string>(
                "SELECT progress_message FROM jobs WHERE type = 'import_resume' AND status = 'processing'"
            );
        // The job's stage as each of its calls reaches the real services (the model behind ai-proxy; documents'
        // create).
        s.Vendor.Default = async (http, request) =>
        {
            stages.Enqueue($"extract: {await StageAsync()}");
            await ImportTopology.RecordedAnswer(http, request);
        };
        s.Documents.OnRequest = async request =>
        {
            if (request.Path.StartsWithSegments("/internal/v1/users")) stages.Enqueue($"create: {await StageAsync()}");
        };

        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "jane-doe-cv.pdf");
        Assert.Equal(
            1L,
            await s.H.ScalarAsync<long>("SELECT count(*) FROM import_uploads WHERE job_id = @jobId", new { jobId })
        );
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("completed", job.Status);
        Assert.Null(job.DownloadUrl);
        Assert.Equal(jobId, job.Result!.Value.GetProperty("documentId").GetGuid());
        // pdftotext's text reached the AI (through ai-proxy), in reading order.
        var text = Assert.Single(s.ExtractedTexts);
        Assert.StartsWith("Jane Doe", text);
        Assert.True(
            text.IndexOf("Acme Corp", StringComparison.Ordinal) < text.IndexOf("Globex", StringComparison.Ordinal),
            text
        );
        Assert.Contains("PostgreSQL and RabbitMQ", text);
        // The resume was created for the uploader (documents answers it to them, 404 to anyone else), titled by the
        // name the AI found, with the job's id.
        var resume = (await s.ImportedResumeAsync(jobId))!.Value;
        Assert.Equal(
            ("resume", "Jane Doe"),
            (resume.GetProperty("type").GetString(), resume.GetProperty("title").GetString())
        );
        Assert.Equal("Jane Doe", resume.GetProperty("data").GetProperty("profile").GetProperty("name").GetString());
        Assert.Null(await s.ImportedResumeAsync(jobId, await s.H.RegisterAsync()));
        Assert.Equal(["extract: AI extraction", "create: creating resume"], stages);
        // The extraction was counted on the uploader's own AI quota.
        Assert.Equal(1, (await s.AiUsageAsync()).UsedToday);
        Assert.Equal(0L, await s.H.ScalarAsync<long>("SELECT count(*) FROM import_uploads"));
        // An import made a resume, not a file: it is not an export in the history.
        var history = await s.H.Client.GetFromJsonAsync<JsonElement>("/api/v1/export/history?stats=true");
        Assert.Equal(0, history.GetProperty("items").GetArrayLength());
        Assert.Equal(0, history.GetProperty("stats").GetProperty("exports").GetInt32());
    }

    [Fact]
    public async Task A_model_that_drops_a_job_the_parser_found_is_asked_once_to_repair()
    {
        await using var s = await StartAsync();
        // First a model that found only the name; asked again with the reason, the recorded good answer.
        s.Vendor.Enqueue(ImportTopology.NameFromFirstLine);

        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "jane.pdf");
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("completed", job.Status);
        Assert.Equal(2, s.Vendor.Requests);
        var repair = s.ExtractedTexts[1];
        Assert.Contains("work is missing 2 job(s) the text contains", repair);
        Assert.Contains("Senior Software Engineer at Acme Corp (2020-01–present)", repair);
        Assert.Contains("Software Engineer at Globex (2016-03–2019-12)", repair);
        var work = (await s.ImportedResumeAsync(jobId))!.Value.GetProperty("data").GetProperty("work");
        Assert.Equal(["Acme Corp", "Globex"], work.EnumerateArray().Select(w => w.GetProperty("company").GetString()));
        // A model answer is the model's: no unplaced lines from the rules.
        Assert.Equal(0, job.Result!.Value.GetProperty("unplaced").GetArrayLength());
    }

    [Fact]
    public async Task Offline_the_parser_reads_the_pdf_layout_and_the_result_lists_what_it_could_not_place()
    {
        await using var s = await StartAsync(aiProxy: new() { ["Ai:Provider"] = "offline" });

        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "jane.pdf");
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("completed", job.Status);
        Assert.Equal(0, s.Vendor.Requests);
        var data = (await s.ImportedResumeAsync(jobId))!.Value.GetProperty("data");
        var profile = data.GetProperty("profile");
        Assert.Equal(("Jane Doe", "jane.doe@example.com", "+1 555 0100", "Berlin, Germany"),
            (profile.GetProperty("name").GetString(), profile.GetProperty("email").GetString(),
             profile.GetProperty("phone").GetString(), profile.GetProperty("location").GetString()));
        var work = data.GetProperty("work").EnumerateArray().ToList();
        Assert.Equal(2, work.Count);
        Assert.Equal(("Senior Software Engineer", "Acme Corp", "2020-01", true),
            (work[0].GetProperty("position").GetString(), work[0].GetProperty("company").GetString(),
             work[0].GetProperty("startDate").GetString(), work[0].GetProperty("current").GetBoolean()));
        Assert.Equal(
            "Technical University of Munich",
            data.GetProperty("education")[0].GetProperty("institution").GetString()
        );
        Assert.Equal(6, data.GetProperty("skills").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, job.Result!.Value.GetProperty("unplaced").ValueKind);
    }

    [Fact]
    public async Task A_docx_is_read_with_its_table_and_becomes_a_resume_titled_by_the_name()
    {
        await using var s = await StartAsync();

        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumeDocx(), "cv.docx");
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("completed", job.Status);
        var text = Assert.Single(s.ExtractedTexts);
        Assert.StartsWith("Max Mustermann\n", text);
        Assert.Contains("Product Manager\tmax@example.com", text);
        Assert.Contains("2018 to present\nGrew the self-service revenue", text);
        Assert.Contains("Roadmapping, user research, SQL", text);
        Assert.Equal("Max Mustermann", (await s.ImportedResumeAsync(jobId))!.Value.GetProperty("title").GetString());
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
        Assert.Equal(0, s.Vendor.Requests);
        Assert.Equal(0, (await s.AiUsageAsync()).UsedToday);
        Assert.Empty(s.Documents.InternalCreates);
        Assert.Null(await s.ImportedResumeAsync(jobId));
        Assert.Equal(0L, await s.H.ScalarAsync<long>("SELECT count(*) FROM import_uploads"));
    }

    [Fact]
    public async Task A_German_reader_gets_the_stage_and_the_failure_in_German_and_an_English_one_in_English()
    {
        await using var s = await StartAsync();
        var id = new TaskCompletionSource<Guid>();
        var seen = new ConcurrentQueue<(string Language, string? Stage)>();
        // While the model is asked, the job is at its "AI extraction" stage: read it as each reader would.
        s.Vendor.Default = async (http, request) =>
        {
            var jobId = await id.Task;
            foreach (var language in new[] { "de", "en" })
            {
                var job = await JobAsync(s.H.Client, jobId, language);
                seen.Enqueue((language, job.GetProperty("progressMessage").GetString()));
            }
            await ImportTopology.RecordedAnswer(http, request);
        };
        id.SetResult(await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "cv.pdf"));
        Assert.Equal("completed", (await FinishedAsync(s.H, await id.Task)).Status);
        Assert.Equal([("de", "KI-Auswertung"), ("en", "AI extraction")], seen);
        var done = await JobAsync(s.H.Client, await id.Task, "de");
        Assert.Equal("Fertig", done.GetProperty("progressMessage").GetString());

        var scanned = await ImportAsync(s.H.Client, ImportFiles.ScannedPdf, "scan.pdf");
        Assert.Equal("failed", (await FinishedAsync(s.H, scanned)).Status);
        // The row keeps what the engine wrote; each reader gets it in their language, on the job and on its stream.
        Assert.Equal(
            "Kein auswählbarer Text gefunden – die Datei sieht gescannt aus; fügen Sie stattdessen den Text ein.",
            (await JobAsync(s.H.Client, scanned, "de")).GetProperty("error").GetString());
        Assert.Equal("No selectable text found — the file looks scanned; paste the text instead.",
            (await JobAsync(s.H.Client, scanned, "xx-é")).GetProperty("error").GetString());
        using var events = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/export/job/{scanned}/events");
        events.Headers.TryAddWithoutValidation("Accept-Language", "de");
        var stream = await s.H.Client.SendAsync(events);
        Assert.Equal("de", stream.Content.Headers.ContentLanguage.Single());
        var data = (await stream.Content.ReadAsStringAsync()).Split('\n')
            .First(l => l.StartsWith("data: ", StringComparison.Ordinal));
        Assert.StartsWith("Kein auswählbarer Text gefunden",
            JsonDocument.Parse(data["data: ".Length..]).RootElement.GetProperty("error").GetString());
    }

    private static async Task<JsonElement> JobAsync(HttpClient client, Guid jobId, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/export/job/{jobId}");
        request.Headers.TryAddWithoutValidation("Accept-Language", language);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Uploads_are_checked_by_content_size_and_presence()
    {
        await using var s = await StartAsync();
        async Task<HttpResponseMessage> Post(HttpContent content) =>
            await s.H.Client.PostAsync("/api/v1/imports", content);

        var tooLarge = await Post(
            ImportFiles.Form([.. "%PDF-1.7\n"u8, .. new byte[ImportApi.MaxFileBytes]], "big.pdf")
        );
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);

        // The name says PDF or DOCX, the bytes do not: refused.
        var png = await Post(
            ImportFiles.Form([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0], "resume.pdf")
        );
        var zip = await Post(ImportFiles.Form(ImportFiles.PlainZip(), "resume.docx"));
        var json = await Post(JsonContent.Create(new { file = "resume" }));
        Assert.All([png, zip, json], r => Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode));

        var empty = await Post(ImportFiles.Form([], "empty.pdf"));
        var noFile = await Post(ImportFiles.Form(ImportFiles.ResumePdf, "resume.pdf", field: "attachment"));
        Assert.All([empty, noFile], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.True(
            (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _)
        );

        // The content decides, not the name: a PDF called .docx is imported as a PDF.
        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "misnamed.docx");
        Assert.Equal("completed", (await FinishedAsync(s.H, jobId)).Status);
        Assert.Equal(1L, await s.H.ScalarAsync<long>("SELECT count(*) FROM jobs"));

        using var anonymous = s.H.Factory.CreateClient();
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anonymous.PostAsync("/api/v1/imports", ImportFiles.Form(ImportFiles.ResumePdf, "a.pdf"))).StatusCode
        );
    }

    [Fact]
    public async Task The_same_idempotency_key_and_file_is_one_job_even_with_a_new_multipart_boundary()
    {
        await using var s = await StartAsync();

        var first = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "cv.pdf", key: "import-1");
        var again = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "cv.pdf", key: "import-1");
        Assert.Equal(first, again);
        Assert.Equal(1L, await s.H.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE type = 'import_resume'"));

        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports")
        {
            Content = ImportFiles.Form(ImportFiles.ResumeDocx(), "cv.docx"),
        };
        other.Headers.Add("Idempotency-Key", "import-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await s.H.Client.SendAsync(other)).StatusCode);
        await FinishedAsync(s.H, first);
        Assert.Equal(first, Assert.Single(s.Documents.InternalCreates));
        Assert.Equal(new[] { s.H.DocumentId, first }.Order(), (await s.DocumentIdsAsync()).Order());
    }

    [Fact]
    public async Task Retried_attempts_create_one_resume()
    {
        await using var s = await StartAsync();
        // Attempt 1: the model's vendor is down, so ai-proxy answers 503 (retryable). Attempt 2: documents creates the
        // resume, but its answers are lost on the way back four times (the client's own retries, then the attempt
        // fails); attempt 3 is answered with the resume attempt 2 created, and completes.
        s.Vendor.Enqueue(FakeOpenAiServer.Status(503));
        s.DocumentsLink.LoseAnswers(4);

        var jobId = await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "cv.pdf");
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("completed", job.Status);
        Assert.Equal(3, job.Attempts);
        Assert.Equal(4, s.DocumentsLink.AnswersLost);
        Assert.True(s.Documents.InternalCreates.Count >= 5, $"{s.Documents.InternalCreates.Count} create calls");
        Assert.All(s.Documents.InternalCreates, id => Assert.Equal(jobId, id));
        Assert.Equal(jobId, job.Result!.Value.GetProperty("documentId").GetGuid());
        // One resume came of it: the uploader has the harness's resume and the imported one, nothing else.
        Assert.Equal(new[] { s.H.DocumentId, jobId }.Order(), (await s.DocumentIdsAsync()).Order());
        Assert.Equal("Jane Doe", (await s.ImportedResumeAsync(jobId))!.Value.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Quota_used_up_and_invalid_ai_output_fail_at_once_with_their_reason()
    {
        // documents puts every new account on the "free" plan (the token's plan claim, carried by the job to
        // ai-proxy), and this ai-proxy gives that plan one extraction a day.
        await using var s = await StartAsync(aiProxy: new() { ["Ai:Plans:free"] = "1" });

        // The model answers schema-invalid JSON, and again after the repair prompt: ai-proxy's 502, the request given
        // back.
        s.Vendor.Enqueue(
            FakeOpenAiServer.Reply("""{"profile":{"name":"Bob","age":42}}"""),
            FakeOpenAiServer.Reply("""{"profile":{"name":""}}""")
        );
        var invalid = await FinishedAsync(s.H, await ImportAsync(s.H.Client, ImportFiles.ResumeDocx(), "b.docx"));
        // The day's one extraction, then the quota is used up.
        var imported = await FinishedAsync(s.H, await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "a.pdf"));
        var quota = await FinishedAsync(s.H, await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "c.pdf"));

        Assert.Equal(("failed", 1), (invalid.Status, invalid.Attempts));
        Assert.Contains(
            "did not match the resume schema, also after a repair attempt, so nothing was saved",
            invalid.Error
        );
        Assert.Equal("completed", imported.Status);
        Assert.Equal(("failed", 1), (quota.Status, quota.Attempts));
        Assert.StartsWith("Your daily AI quota is used up (Limit of 1 reached", quota.Error);
        // the invalid answer, its repair, the good one: the quota stopped the last before the model
        Assert.Equal(3, s.Vendor.Requests);
        Assert.Equal((1, 1), await s.AiUsageAsync());
        Assert.Null(await s.ImportedResumeAsync(invalid.JobId));
        Assert.Null(await s.ImportedResumeAsync(quota.JobId));
        Assert.Equal(new[] { s.H.DocumentId, imported.JobId }.Order(), (await s.DocumentIdsAsync()).Order());
    }

    [Fact]
    public async Task Imports_count_toward_the_hourly_job_limit()
    {
        await using var s = await StartAsync(orchestrator: new() { ["Export:MaxJobsPerUserPerHour"] = "1" });

        await FinishedAsync(s.H, await ImportAsync(s.H.Client, ImportFiles.ResumePdf, "a.pdf"));
        var over = await s.H.Client.PostAsync("/api/v1/imports", ImportFiles.Form(ImportFiles.ResumePdf, "a.pdf"));

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.True(over.Headers.RetryAfter is not null);
    }
}
