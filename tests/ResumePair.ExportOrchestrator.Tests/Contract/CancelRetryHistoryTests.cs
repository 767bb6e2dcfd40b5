using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Contract;

/// <summary>DELETE /job/{id}, POST /retry/{id}, GET /history, reuse of identical exports, the storage quota.</summary>
[Collection("infrastructure")]
public sealed class CancelRetryHistoryTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Cancelling_a_dispatched_job_publishes_CancelRender_to_renderers_and_its_late_result_is_ignored()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        await using var renderers = await TestBus<CancelRender>.StartAsync(infra.RabbitMq.AmqpUri);
        var jobId = await h.RequestExportAsync();
        var request = Assert.Single(await h.RequestsInOutboxAsync(jobId));

        var cancelled = await h.Client.DeleteAsync($"/api/v1/export/job/{jobId}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(
            "cancelled",
            (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()
        );
        Assert.Equal(HttpStatusCode.Conflict, (await h.Client.DeleteAsync($"/api/v1/export/job/{jobId}")).StatusCode);
        using var stranger = h.ClientFor(await h.RegisterAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/export/job/{jobId}")).StatusCode);

        // The cancellation reaches the renderers through the outbox and the broker.
        var received = await Eventually.UntilAsync(
            () => Task.FromResult(renderers.Received.ToList()),
            r => r.Count > 0,
            "CancelRender on the bus"
        );
        var message = Assert.Single(received).Message;
        Assert.Equal((jobId, 1), (message.JobId, message.Attempt));
        Assert.Equal(request.Deadline, message.Deadline, TimeSpan.FromMilliseconds(1)); // Postgres keeps microseconds

        // The renderer did not hear in time and finishes anyway: the upload is refused and the result ignored.
        using var uploader = h.Factory.CreateClient();
        Assert.Equal(
            HttpStatusCode.Conflict,
            (
                await uploader.PutAsync(
                    new Uri(request.UploadUrl).PathAndQuery,
                    new ByteArrayContent(ExportHarness.Pdf)
                )
            ).StatusCode
        );
        var resultId = Guid.NewGuid();
        await h
            .Factory.Services.GetRequiredService<IBus>()
            .Publish(
                new PdfRendered
                {
                    JobId = jobId,
                    Attempt = 1,
                    SizeBytes = 10,
                    Pages = 1,
                    Sha256 = "-",
                    RenderMilliseconds = 1,
                    WorkerId = "late",
                },
                c => c.MessageId = resultId
            );
        await Eventually.UntilAsync(
            () => h.InboxHasAsync("PdfRenderedConsumer", resultId),
            seen => seen,
            "the late result to be consumed"
        );
        Assert.Equal("cancelled", (await h.GetJobAsync(jobId)).Status);
        // A cancelled job frees its place among the three unfinished exports.
        Assert.Equal(
            0L,
            await h.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status IN ('pending', 'processing')")
        );
    }

    [Fact]
    public async Task A_failed_job_is_retried_as_a_new_attempt_and_only_failed_or_dead_lettered_jobs_can_be()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var jobId = await h.RequestExportAsync();
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await h.Client.PostAsync($"/api/v1/export/retry/{jobId}", null)).StatusCode
        );

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
        await Eventually.UntilAsync(() => h.GetJobAsync(jobId), j => j.Status == "failed", "the job to fail");

        var retried = await h.Client.PostAsync($"/api/v1/export/retry/{jobId}", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var job = await h.GetJobAsync(jobId);
        Assert.Equal(
            ("pending", 2, (string?)null, (DateTimeOffset?)null),
            (job.Status, job.Attempts, job.Error, job.CompletedAt)
        );
        var requests = await h.RequestsInOutboxAsync(jobId);
        Assert.Equal([1, 2], requests.Select(r => r.Attempt));

        Assert.Equal("completed", (await h.CompleteAsync(jobId)).Status);
    }

    [Fact]
    public async Task An_identical_request_reuses_the_rendered_file_and_history_lists_both_with_stats()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var first = await h.RequestExportAsync();
        var completed = await h.CompleteAsync(first, pages: 2);
        Assert.Equal("completed", completed.Status);

        // Same document version, template and page size: completed at once, nothing sent to a renderer.
        var second = await h.RequestExportAsync();
        var reused = await h.GetJobAsync(second);
        Assert.Equal("completed", reused.Status);
        Assert.Empty(await h.RequestsInOutboxAsync(second));
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(DISTINCT file_key) FROM jobs"));
        var download = await h.Client.GetAsync($"/api/v1/export/download/{second}");
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        Assert.Equal(ExportHarness.Pdf, await h.Client.GetByteArrayAsync(download.Headers.Location));

        // Another page size is another file.
        var letter = await h.Client.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId = h.DocumentId,
                templateId = "ats-single-column",
                pageSize = "Letter",
            }
        );
        Assert.Equal(
            "pending",
            (await letter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()
        );

        var history = await h.Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/export/history?stats=true&limit=10&documentId={h.DocumentId}"
        );
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([second, first], items.Select(i => i.GetProperty("jobId").GetGuid()));
        Assert.All(items, i =>
        {
            Assert.Equal(
                (ExportHarness.Pdf.Length, 2, "ats-single-column", 3L),
                (
                    i.GetProperty("sizeBytes").GetInt32(),
                    i.GetProperty("pages").GetInt32(),
                    i.GetProperty("templateId").GetString(),
                    i.GetProperty("documentVersion").GetInt64()
                )
            );
            Assert.True(i.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(6));
        });
        Assert.Equal(1, items[0].GetProperty("downloads").GetInt32());
        var stats = history.GetProperty("stats");
        Assert.Equal(
            (2, 1L, (long)ExportHarness.Pdf.Length),
            (
                stats.GetProperty("exports").GetInt32(),
                stats.GetProperty("downloads").GetInt64(),
                stats.GetProperty("storageUsedBytes").GetInt64()
            )
        ); // a shared file counts once
        Assert.Equal(
            1,
            (await h.Client.GetFromJsonAsync<JsonElement>("/api/v1/export/history?offset=1"))
                .GetProperty("items")
                .GetArrayLength()
        );
        Assert.Equal(
            0,
            (await h.Client.GetFromJsonAsync<JsonElement>($"/api/v1/export/history?documentId={Guid.NewGuid()}"))
                .GetProperty("items")
                .GetArrayLength()
        );
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync("/api/v1/export/history?limit=0")).StatusCode);
    }

    [Fact]
    public async Task A_render_made_without_the_photo_is_not_reused_for_a_request_that_has_it()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var first = await h.RequestExportAsync();
        Assert.Equal("completed", (await h.CompleteAsync(first, pages: 1)).Status);
        var userId = await h.ScalarAsync<Guid>($"SELECT created_by FROM jobs WHERE id = '{first}'");
        var version = await h.ScalarAsync<long>($"SELECT document_version FROM jobs WHERE id = '{first}'");
        var db = h.Factory.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using var c = await db.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        ExportKey Key(bool photo) => new(userId, h.DocumentId, version, "ats-single-column", "A4", photo);

        // The first render had no photo (none was set, or it could not be fetched yet).
        Assert.Equal(first, (await JobStore.FindReusableAsync(c, tx, Key(false), DateTimeOffset.UtcNow, default))?.Id);
        Assert.Null(await JobStore.FindReusableAsync(c, tx, Key(true), DateTimeOffset.UtcNow, default));

        // A render with the photo serves both.
        await h.ScalarAsync<int>(
            $"UPDATE jobs SET payload = payload || '{{\"photo\": {{\"contentType\": \"image/jpeg\"}}}}' "
                + $"WHERE id = '{first}' RETURNING 1"
        );
        Assert.Equal(first, (await JobStore.FindReusableAsync(c, tx, Key(true), DateTimeOffset.UtcNow, default))?.Id);
        Assert.Equal(first, (await JobStore.FindReusableAsync(c, tx, Key(false), DateTimeOffset.UtcNow, default))?.Id);
    }

    [Fact]
    public async Task The_storage_quota_expires_the_oldest_exports_and_refuses_a_file_larger_than_itself()
    {
        var size = ExportHarness.Pdf.Length;
        await using var h = await ExportHarness.StartAsync(
            infra,
            settings: new() { ["Export:StorageQuotaBytes"] = (size * 2 + size / 2).ToString() }
        );
        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var jobId = await h.RequestExportAsync(documentId: await h.CreateResumeAsync());
            Assert.Equal("completed", (await h.CompleteAsync(jobId)).Status);
            jobs.Add(jobId);
        }
        // Three files do not fit in two and a half: the oldest expired to make room.
        Assert.Equal(HttpStatusCode.Gone, (await h.Client.GetAsync($"/api/v1/export/download/{jobs[0]}")).StatusCode);
        Assert.Equal(
            HttpStatusCode.Redirect,
            (await h.Client.GetAsync($"/api/v1/export/download/{jobs[1]}")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Redirect,
            (await h.Client.GetAsync($"/api/v1/export/download/{jobs[2]}")).StatusCode
        );

        var big = await h.RequestExportAsync(documentId: await h.CreateResumeAsync());
        var request = Assert.Single(await h.RequestsInOutboxAsync(big));
        using var uploader = h.Factory.CreateClient();
        var tooBig = ExportHarness.Pdf.Concat(new byte[size * 2]).ToArray();
        var put = await uploader.PutAsync(new Uri(request.UploadUrl).PathAndQuery, new ByteArrayContent(tooBig));
        Assert.Equal((HttpStatusCode)507, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
    }
}
