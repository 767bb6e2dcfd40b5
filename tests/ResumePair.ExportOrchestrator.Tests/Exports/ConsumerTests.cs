using Microsoft.Extensions.Time.Testing;
using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Exports;

/// <summary>The result consumers, driven through the real broker: inbox deduplication, fencing, retries and dead
/// letters.</summary>
[Collection("infrastructure")]
public sealed class ConsumerTests(InfrastructureFixture infra)
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_redelivered_failure_report_moves_the_job_on_only_once()
    {
        await using var h = await ExportHarness.StartAsync(
            infra,
            settings: new() { ["Export:RetryBaseDelay"] = "01:00:00" }
        );
        var jobId = await h.RequestExportAsync();
        var bus = h.Factory.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();
        var failure = new PdfRenderFailed
        {
            JobId = jobId,
            Attempt = 1,
            Error = "Chromium crashed",
            Retryable = true,
            WorkerId = "r1",
        };

        await bus.Publish(failure, ctx => ctx.MessageId = messageId);
        await Eventually.UntilAsync(() => h.GetJobAsync(jobId), j => j.Attempts == 2, "the retry to be scheduled");
        await bus.Publish(failure, ctx => ctx.MessageId = messageId); // the broker redelivers it
        await Task.Delay(1000);

        var job = await h.GetJobAsync(jobId);
        Assert.Equal(("pending", 2, "Chromium crashed"), (job.Status, job.Attempts, job.Error));
        Assert.Equal(
            1L,
            await h.ScalarAsync<long>(
                "SELECT count(*) FROM job_logs WHERE job_id = @jobId AND level = 'warn'",
                new { jobId }
            )
        );
    }

    [Fact]
    public async Task Results_and_uploads_of_a_superseded_attempt_are_ignored()
    {
        await using var h = await ExportHarness.StartAsync(
            infra,
            settings: new() { ["Export:RetryBaseDelay"] = "01:00:00" }
        );
        var jobId = await h.RequestExportAsync();
        var firstRequest = Assert.Single(await h.RequestsInOutboxAsync(jobId));
        var bus = h.Factory.Services.GetRequiredService<IBus>();

        // Attempt 1 is reported failed (say it timed out) and attempt 2 is scheduled...
        await bus.Publish(
            new PdfRenderFailed
            {
                JobId = jobId,
                Attempt = 1,
                Error = "timeout",
                Retryable = true,
                WorkerId = "r1",
            }
        );
        await Eventually.UntilAsync(() => h.GetJobAsync(jobId), j => j.Attempts == 2, "attempt 2");

        // ...then the slow attempt 1 finishes after all: its upload and its result must not count.
        using var upload = h.Factory.CreateClient();
        var put = await upload.PutAsync(new Uri(firstRequest.UploadUrl).PathAndQuery, new ByteArrayContent(Pdf));
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);

        var resultId = Guid.NewGuid();
        await bus.Publish(
            new PdfRendered
            {
                JobId = jobId,
                Attempt = 1,
                SizeBytes = Pdf.Length,
                Pages = 1,
                Sha256 = "x",
                RenderMilliseconds = 5,
                WorkerId = "r1",
            },
            ctx => ctx.MessageId = resultId
        );
        await Eventually.UntilAsync(
            () => h.InboxHasAsync(nameof(PdfRenderedConsumer), resultId),
            seen => seen,
            "the stale result to be consumed"
        );
        var progressId = Guid.NewGuid();
        await bus.Publish(
            new RenderProgressed
            {
                JobId = jobId,
                Attempt = 1,
                Percentage = 50,
                Message = "late",
                WorkerId = "r1",
            },
            ctx => ctx.MessageId = progressId
        );
        await Eventually.UntilAsync(
            () => h.InboxHasAsync(nameof(RenderProgressedConsumer), progressId),
            seen => seen,
            "the stale progress to be consumed"
        );

        var job = await h.GetJobAsync(jobId);
        Assert.Equal(("pending", 2, 0), (job.Status, job.Attempts, job.Progress));
        Assert.Null(job.CompletedAt);
    }

    [Fact]
    public async Task Retryable_failures_back_off_on_the_clock_and_dead_letter_after_the_last_attempt()
    {
        var time = FlowingTime.Start();
        await using var h = await ExportHarness.StartAsync(infra, time,
            new() { ["Export:RetryBaseDelay"] = "00:00:10", ["Export:RetryMaxDelay"] = "00:01:00" });
        var jobId = await h.RequestExportAsync();
        var bus = h.Factory.Services.GetRequiredService<IBus>();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failedAt = time.GetUtcNow();
            await bus.Publish(
                new PdfRenderFailed
                {
                    JobId = jobId,
                    Attempt = attempt,
                    Error = $"boom {attempt}",
                    Retryable = true,
                    WorkerId = "r",
                }
            );
            var next = attempt + 1;
            await Eventually.UntilAsync(
                () => h.GetJobAsync(jobId),
                j => j.Attempts == next,
                $"attempt {next} to be scheduled"
            );

            var runAfter = await h.ScalarAsync<DateTime>("SELECT run_after FROM jobs WHERE id = @jobId", new { jobId });
            var ceiling = TimeSpan.FromSeconds(Math.Min(60, 10 * Math.Pow(2, attempt - 1)));
            Assert.InRange(new DateTimeOffset(runAfter, TimeSpan.Zero), failedAt, failedAt + ceiling);

            if (new DateTimeOffset(runAfter, TimeSpan.Zero) > time.GetUtcNow() + TimeSpan.FromSeconds(2))
            {
                // Not before its time: the scheduler runs every 200 ms; the clock follows real time (600 ms here),
                // so only a run time well ahead of it can be checked without racing the jittered delay.
                await Task.Delay(600);
                Assert.Equal(attempt, (await h.RequestsInOutboxAsync(jobId)).Count);
            }
            time.Advance(ceiling);
            var requests = await Eventually.UntilAsync(
                () => h.RequestsInOutboxAsync(jobId),
                r => r.Count == next,
                $"attempt {next} to be dispatched"
            );
            Assert.Equal(next, requests[^1].Attempt);
        }

        await bus.Publish(
            new PdfRenderFailed
            {
                JobId = jobId,
                Attempt = 5,
                Error = "boom 5",
                Retryable = true,
                WorkerId = "r",
            }
        );
        var dead = await Eventually.UntilAsync(
            () => h.GetJobAsync(jobId),
            j => j.Status == "dead_letter",
            "the job to be dead-lettered"
        );
        Assert.Equal((5, "boom 5"), (dead.Attempts, dead.Error));
        Assert.NotNull(dead.CompletedAt);
    }

    [Fact]
    public async Task A_non_retryable_failure_fails_the_job_at_once()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var jobId = await h.RequestExportAsync();
        await h
            .Factory.Services.GetRequiredService<IBus>()
            .Publish(
                new PdfRenderFailed
                {
                    JobId = jobId,
                    Attempt = 1,
                    Error = "Unknown template",
                    Retryable = false,
                    WorkerId = "r",
                }
            );
        var job = await Eventually.UntilAsync(() => h.GetJobAsync(jobId), j => j.Status == "failed", "the job to fail");
        Assert.Equal((1, "Unknown template"), (job.Attempts, job.Error));
    }

    [Fact]
    public async Task An_attempt_that_overruns_its_deadline_is_retried()
    {
        var time = FlowingTime.Start();
        await using var h = await ExportHarness.StartAsync(
            infra,
            time,
            new() { ["Export:RetryBaseDelay"] = "00:00:00" }
        );
        var jobId = await h.RequestExportAsync();
        time.Advance(TimeSpan.FromMinutes(16));
        var requests = await Eventually.UntilAsync(
            () => h.RequestsInOutboxAsync(jobId),
            r => r.Count == 2,
            "a second attempt"
        );
        Assert.Equal(2, requests[1].Attempt);
        Assert.Equal("The attempt did not finish within its run-time limit", (await h.GetJobAsync(jobId)).Error);
    }
}
