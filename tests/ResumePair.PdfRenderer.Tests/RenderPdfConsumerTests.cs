using System.Diagnostics;
using System.Security.Cryptography;
using ResumePair.Contracts.Exports;
using ResumePair.PdfRenderer.Tests.Support;
using ResumePair.Testing.Network;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>
/// The export path through real RabbitMQ, uploading by discovery to the real export orchestrator's upload route for a
/// real job; a test that loses the orchestrator's answers puts a <see cref="LossyLink"/> of its own between them.
/// </summary>
[Collection("renderer-service")]
public sealed class RenderPdfConsumerTests(RendererServiceFixture service)
{
    private async Task<RenderPdfRequested> JobAsync(
        string templateId = "ats-single-column",
        DateTimeOffset? deadline = null,
        string type = "resume"
    ) => Jobs.Render(await service.Exports.CreateAsync(), templateId, deadline, type);

    /// <summary>A job whose upload goes through the test's own link rather than discovery
    /// (<see cref="ExportJobs.Through"/>).</summary>
    private async Task<RenderPdfRequested> JobThroughAsync(LossyLink link)
    {
        var dispatched = await service.Exports.CreateAsync();
        return Jobs.Render(dispatched) with { UploadUrl = ExportJobs.Through(link, dispatched.UploadUrl) };
    }

    /// <summary>What the orchestrator stored for the job: the bytes it accepted, not what the renderer says it
    /// sent.</summary>
    private async Task<byte[]> StoredPdfAsync(RenderPdfRequested job)
    {
        var stored = await service.Exports.StoredFileAsync(job);
        Assert.NotNull(stored);
        Assert.Equal("application/pdf", stored.ContentType);
        return stored.Content;
    }

    [Fact]
    public async Task Job_is_rendered_uploaded_through_discovery_and_reported()
    {
        var job = await JobAsync();
        await service.Orchestrator.Publish(job);

        var rendered = await service.WaitForAsync<PdfRendered>(m => m.JobId == job.JobId);
        // Exactly one: a heartbeat publish cancelled as the render ended used to fault the consume, and the redelivered
        // request was rendered and uploaded again.
        var upload = Assert.Single(service.Exports.UploadsOf(job));
        var pdf = await StoredPdfAsync(job);

        Assert.Equal(204, upload.Status);
        Assert.Equal("application/pdf", upload.ContentType);
        Assert.True(pdf.AsSpan().StartsWith("%PDF-"u8));
        Assert.Equal(pdf.Length, rendered.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), rendered.Sha256);
        // The orchestrator checks the digest too (400 on a mismatch); this says the renderer sent one.
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(pdf))}:", upload.ReprDigest);
        Assert.Equal(await PdfTools.PageCountAsync(pdf), rendered.Pages);
        Assert.Equal(1, rendered.Attempt);
        Assert.Equal("pdf-renderer-test-1", rendered.WorkerId);
        Assert.InRange(rendered.RenderMilliseconds, 1, 30_000);
        Assert.Contains(SampleDocuments.Name, await PdfTools.ToTextAsync(pdf));

        var progress = service
            .Received.OfType<RenderProgressed>()
            .Where(p => p.JobId == job.JobId && p.Percentage != 50)
            .Select(p => (p.Percentage, p.Message))
            .ToList();
        Assert.Equal([(10, "rendering"), (80, "uploading")], progress);
        Assert.DoesNotContain(service.Received.OfType<PdfRenderFailed>(), f => f.JobId == job.JobId);
    }

    [Fact]
    public async Task Render_is_logged_under_the_publisher_trace_id()
    {
        // Stands in for the orchestrator's outbox relay, which restores the request's trace context before publishing.
        using var publisher = new Activity("orchestrator publish").SetIdFormat(ActivityIdFormat.W3C);
        // sampled, as every ResumePair request is (AlwaysOn)
        publisher.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        publisher.Start();
        var job = await JobAsync();
        await service.Orchestrator.Publish(job);
        publisher.Stop();

        await service.WaitForAsync<PdfRendered>(m => m.JobId == job.JobId);
        var line = Assert.Single(service.Logs.Entries, l =>
            l.Message.StartsWith($"Rendered job {job.JobId} attempt 1 in ", StringComparison.Ordinal)
        );
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, line.Level);
        Assert.Equal(publisher.TraceId.ToHexString(), line.TraceId);
    }

    [Fact]
    public async Task Renderer_consumes_the_shared_render_pdf_queue_with_prefetch_equal_to_its_pool()
    {
        using var management = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{service.RabbitMq.ManagementPort}/"),
        };
        management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String("guest:guest"u8)
        );
        System.Text.Json.JsonElement? consumer = null;
        for (var i = 0; i < 100 && consumer is null; i++)
        {
            var consumers =
                await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(
                    management,
                    "api/consumers/%2F"
                );
            consumer = consumers
                .EnumerateArray()
                .Where(c => c.GetProperty("queue").GetProperty("name").GetString() == "render-pdf")
                .Select(c => (System.Text.Json.JsonElement?)c)
                .FirstOrDefault();
            if (consumer is null) await Task.Delay(200);
        }
        Assert.NotNull(consumer);
        Assert.Equal(2, consumer.Value.GetProperty("prefetch_count").GetInt32()); // Renderer:PoolSize in the fixture
    }

    [Fact]
    public async Task A_long_render_sends_heartbeats_and_prints_the_message_photo()
    {
        var png = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAALklEQVR4nA3HQQEAAAgCMeIYghDGIRgh"
                + "Lpb+NiFhEdGXBg8ZOp/FS5buJzgkNAcLIhXh3rFHeAAAAABJRU5ErkJggg=="
        );
        var job = await JobAsync(templateId: "modern-sidebar") with
        {
            Data = SampleDocuments.Resume(extraJobs: 150),
            Photo = new PhotoAsset("image/png", png),
        };
        await service.Orchestrator.Publish(job);

        var rendered = await service.WaitForAsync<PdfRendered>(m => m.JobId == job.JobId, TimeSpan.FromSeconds(90));
        Assert.True(rendered.Pages > 5);
        var beats = service
            .Received.OfType<RenderProgressed>()
            .Where(p => p.JobId == job.JobId && p.Message == "rendering (heartbeat)")
            .ToList();
        Assert.NotEmpty(beats); // Renderer:HeartbeatInterval is 200 ms in the fixture; this render takes seconds
        Assert.All(beats, b => Assert.Equal("pdf-renderer-test-1", b.WorkerId));
        Assert.Contains("/Subtype /Image", System.Text.Encoding.Latin1.GetString(await StoredPdfAsync(job)));
    }

    [Fact]
    public async Task Cover_letter_job_is_rendered()
    {
        var job = await JobAsync(type: "cover_letter");
        await service.Orchestrator.Publish(job);
        var rendered = await service.WaitForAsync<PdfRendered>(m => m.JobId == job.JobId);
        Assert.Equal(1, rendered.Pages);
    }

    [Fact]
    public async Task Unknown_template_fails_without_retry_and_uploads_nothing()
    {
        var job = await JobAsync(templateId: "no-such-template");
        await service.Orchestrator.Publish(job);

        var failed = await service.WaitForAsync<PdfRenderFailed>(m => m.JobId == job.JobId);
        Assert.False(failed.Retryable);
        Assert.StartsWith("unknown-template", failed.Error);
        await service.Exports.AssertNothingUploadedAsync(job);
    }

    [Fact]
    public async Task Upload_whose_answers_are_lost_is_retried_and_the_file_stored_once()
    {
        await using var link = LossyLink.Start(service.Exports.Orchestrator.Url);
        var job = await JobThroughAsync(link);
        link.LoseAnswers(2);
        await service.Orchestrator.Publish(job);
        var rendered = await service.WaitForAsync<PdfRendered>(m => m.JobId == job.JobId);

        // The orchestrator stored the file three times over (PUT is idempotent): the same bytes, under the attempt's
        // one key.
        Assert.Equal(2, link.AnswersLost);
        var uploads = service.Exports.UploadsOf(job);
        Assert.Equal(3, uploads.Count);
        Assert.All(uploads, u => Assert.Equal(204, u.Status));
        Assert.Equal(rendered.Sha256, Convert.ToHexStringLower(SHA256.HashData(await StoredPdfAsync(job))));
    }

    [Fact]
    public async Task Upload_whose_answers_never_arrive_is_retried_then_reported_retryable()
    {
        await using var link = LossyLink.Start(service.Exports.Orchestrator.Url);
        var job = await JobThroughAsync(link);
        link.LoseAnswers(100); // more than the resilience pipeline tries
        await service.Orchestrator.Publish(job);

        var failed = await service.WaitForAsync<PdfRenderFailed>(m => m.JobId == job.JobId);
        Assert.True(failed.Retryable);
        Assert.StartsWith("upload: Uploading the PDF failed", failed.Error);
        // Every try reached the orchestrator, which stored the file; only its answers were lost on the way back.
        var uploads = service.Exports.UploadsOf(job);
        Assert.True(uploads.Count > 1, "PUT is idempotent, so the resilience pipeline retries it");
        Assert.Equal(uploads.Count, link.AnswersLost);
        Assert.All(uploads, u => Assert.Equal(204, u.Status));
        await StoredPdfAsync(job);
    }

    [Fact]
    public async Task Upload_refused_by_the_signature_check_is_not_retryable()
    {
        var dispatched = await service.Exports.CreateAsync();
        var job = Jobs.Render(dispatched) with { UploadUrl = ExportJobs.WithExtendedExpiry(dispatched.UploadUrl) };
        await service.Orchestrator.Publish(job);

        var failed = await service.WaitForAsync<PdfRenderFailed>(m => m.JobId == job.JobId);
        Assert.False(failed.Retryable);
        Assert.Contains("403", failed.Error);
        Assert.Equal(403, Assert.Single(service.Exports.UploadsOf(job)).Status);
        Assert.Null(await service.Exports.StoredFileAsync(job));
    }

    [Fact]
    public async Task Job_past_its_deadline_is_skipped_and_reported_retryable()
    {
        var job = await JobAsync(deadline: DateTimeOffset.UtcNow.AddSeconds(-1));
        await service.Orchestrator.Publish(job);

        var failed = await service.WaitForAsync<PdfRenderFailed>(m => m.JobId == job.JobId);
        Assert.True(failed.Retryable);
        Assert.StartsWith("deadline-passed", failed.Error);
        await service.Exports.AssertNothingUploadedAsync(job);
        Assert.DoesNotContain(service.Received.OfType<RenderProgressed>(), p => p.JobId == job.JobId);
    }
}
