using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;
using ResumePair.Testing.Services;

namespace ResumePair.ExportOrchestrator.Tests.Engine;

/// <summary>The generic engine: in-process job types, heartbeat rescue, maintenance with one runner, dead-letter
/// alerts, crash drills.</summary>
[Collection("infrastructure")]
public sealed class EngineTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task An_export_json_job_runs_in_process_and_is_downloaded_like_a_pdf()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var accepted = await h.Client.PostAsJsonAsync("/api/v1/export/json", new { documentId = h.DocumentId });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();

        var job = await Eventually.UntilAsync(
            () => h.GetJobAsync(jobId),
            j => j.Status == "completed",
            "the JSON export to complete"
        );
        Assert.NotNull(job.StartedAt);
        var download = await h.Client.GetAsync(job.DownloadUrl);
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        var file = await h.Client.GetAsync(download.Headers.Location);
        Assert.Equal("application/json", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "Jane Doe.json",
            file.Content.Headers.ContentDisposition?.FileNameStar
                ?? file.Content.Headers.ContentDisposition?.FileName?.Trim('"')
        );
        Assert.Equal(
            "Jane Doe",
            (await file.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("basics").GetProperty("name").GetString()
        );
        Assert.Equal(
            "export_json",
            await h.ScalarAsync<string>("SELECT type FROM jobs WHERE id = @jobId", new { jobId })
        );

        Assert.Equal(
            HttpStatusCode.NotFound,
            (await h.Client.PostAsJsonAsync("/api/v1/export/json", new { documentId = Guid.NewGuid() })).StatusCode
        );
    }

    [Fact]
    public async Task A_renderer_killed_mid_render_is_rescued_by_heartbeat_and_another_attempt_completes_the_job()
    {
        var time = FlowingTime.Start();
        await using var h = await ExportHarness.StartAsync(
            infra,
            time,
            new() { ["Export:RetryBaseDelay"] = "00:00:00", ["Export:HeartbeatTimeout"] = "00:01:00" }
        );
        var jobId = await h.RequestExportAsync();
        var bus = h.Factory.Services.GetRequiredService<IBus>();
        // The renderer starts (its progress is the heartbeat)... and is killed: nothing more is heard.
        await bus.Publish(
            new RenderProgressed
            {
                JobId = jobId,
                Attempt = 1,
                Percentage = 20,
                Message = "Printing",
                WorkerId = "doomed",
            }
        );
        await Eventually.UntilAsync(() => h.GetJobAsync(jobId), j => j.Status == "processing", "processing");

        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(600); // the scheduler passes, but the heartbeat is not old enough yet
        Assert.Equal(1, (await h.GetJobAsync(jobId)).Attempts);

        time.Advance(TimeSpan.FromSeconds(2));
        var requests = await Eventually.UntilAsync(
            () => h.RequestsInOutboxAsync(jobId),
            r => r.Count == 2,
            "attempt 2 to be dispatched"
        );
        Assert.Equal("The worker stopped heartbeating", (await h.GetJobAsync(jobId)).Error);
        var done = await h.CompleteAsync(jobId);
        Assert.Equal(("completed", 2), (done.Status, done.Attempts));
    }

    [Fact]
    public async Task The_same_result_delivered_twice_completes_once_and_makes_one_history_row()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var jobId = await h.RequestExportAsync();
        await h.CompleteAsync(jobId);
        var bus = h.Factory.Services.GetRequiredService<IBus>();
        var again = new PdfRendered
        {
            JobId = jobId,
            Attempt = 1,
            SizeBytes = 1,
            Pages = 9,
            Sha256 = "-",
            RenderMilliseconds = 1,
            WorkerId = "again",
        };
        // A broker redelivery (same message id) and a renderer that published twice (a new id).
        var redelivery = Guid.NewGuid();
        await bus.Publish(again, c => c.MessageId = redelivery);
        await bus.Publish(again, c => c.MessageId = redelivery);
        var republish = Guid.NewGuid();
        await bus.Publish(again, c => c.MessageId = republish);
        await Eventually.UntilAsync(
            () => h.InboxHasAsync("PdfRenderedConsumer", republish),
            seen => seen,
            "the duplicate to be consumed"
        );
        await Eventually.UntilAsync(
            () => h.InboxHasAsync("PdfRenderedConsumer", redelivery),
            seen => seen,
            "the redelivery to be consumed"
        );

        Assert.Equal(
            1L,
            await h.ScalarAsync<long>(
                "SELECT count(*) FROM job_logs WHERE job_id = @jobId AND message LIKE 'Attempt 1 completed%'",
                new { jobId }
            )
        );
        var history = await h.Client.GetFromJsonAsync<JsonElement>("/api/v1/export/history");
        var row = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(1, row.GetProperty("pages").GetInt32()); // the first result, not the duplicate's
    }

    [Fact]
    public async Task Maintenance_runs_on_one_replica_at_a_time_and_prunes_expired_exports_their_files_and_old_jobs()
    {
        var time = FlowingTime.Start();
        // The background pass is slowed down so this test's explicit passes are the ones that run.
        await using var h = await ExportHarness.StartAsync(
            infra,
            time,
            new() { ["Export:MaintenanceInterval"] = "01:00:00" }
        );
        var jobId = await h.RequestExportAsync();
        await h.CompleteAsync(jobId);
        var maintenance = h.Factory.Services.GetRequiredService<JobMaintenance>();

        // Another replica is running the pass: this one skips it instead of waiting or running it twice.
        await using (var other = await h.Factory.DataSource.OpenConnectionAsync())
        {
            await other.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = JobMaintenance.LockKey });
            Assert.Null(await maintenance.RunOnceAsync(CancellationToken.None));
            await other.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = JobMaintenance.LockKey });
        }
        Assert.Equal(
            new MaintenanceReport(0, 0, 0, 0),
            (await maintenance.RunOnceAsync(CancellationToken.None))! with
            {
                InboxIdsForgotten = 0,
            }
        );

        time.Advance(TimeSpan.FromDays(8)); // expired: the file goes, the history row stays
        Assert.Equal(1, (await maintenance.RunOnceAsync(CancellationToken.None))!.FilesDeleted);
        Assert.Equal(HttpStatusCode.Gone, (await h.Client.GetAsync($"/api/v1/export/download/{jobId}")).StatusCode);
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));

        time.Advance(TimeSpan.FromDays(30)); // past retention: the job and its logs go too
        var report = (await maintenance.RunOnceAsync(CancellationToken.None))!;
        Assert.Equal(1, report.JobsPruned);
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM job_logs"));
    }

    [Fact]
    public async Task A_dead_letter_fires_an_alert_through_the_outbox_to_the_webhook()
    {
        await using var alerts = await AlertWebhookReceiver.StartAsync();
        await using var h = await ExportHarness.StartAsync(infra, settings: new()
        {
            ["Export:MaxAttempts"] = "1", ["Export:DeadLetterWebhookUrl"] = alerts.HookUrl,
        });
        var jobId = await h.RequestExportAsync();
        await h
            .Factory.Services.GetRequiredService<IBus>()
            .Publish(
                new PdfRenderFailed
                {
                    JobId = jobId,
                    Attempt = 1,
                    Error = "Chromium crashed",
                    Retryable = true,
                    WorkerId = "r",
                }
            );
        await Eventually.UntilAsync(() => Task.FromResult(alerts.Alerts.Count), n => n > 0, "the webhook");
        var (key, alert) = alerts.Alerts.Single();
        Assert.Equal(
            (jobId, "export_pdf", 1, "Chromium crashed"),
            (
                alert.GetProperty("jobId").GetGuid(),
                alert.GetProperty("type").GetString(),
                alert.GetProperty("attempts").GetInt32(),
                alert.GetProperty("error").GetString()
            )
        );
        Assert.False(string.IsNullOrEmpty(key));
        Assert.Equal("dead_letter", (await h.GetJobAsync(jobId)).Status);
        Assert.Equal(
            1L,
            await h.ScalarAsync<long>(
                "SELECT count(*) FROM outbox_messages WHERE message_type = @t",
                new { t = typeof(JobDeadLettered).FullName }
            )
        );
    }

    [Fact]
    public async Task An_orchestrator_killed_between_commit_and_publish_has_its_job_delivered_by_the_next_relay()
    {
        await using var documents = await RealDocumentsService.StartAsync(infra);
        var user = await documents.RegisterAsync();
        var documentId = await documents.CreateResumeAsync(user);
        await using var renderers = await TestBus<RenderPdfRequested>.StartAsync(infra.RabbitMq.AmqpUri);

        // Replica A commits the job and its outbox row, and "dies" before its relay publishes anything.
        var a = await OrchestratorFactory.CreateAsync(
            infra,
            documents,
            settings: new() { ["Outbox:RelayEnabled"] = "false" }
        );
        Guid jobId;
        using (var client = a.CreateClient(user.AccessToken))
        {
            var response = await client.PostAsJsonAsync(
                "/api/v1/export/pdf",
                new
                {
                    documentId,
                    templateId = "t",
                    pageSize = "A4",
                }
            );
            jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        }
        var connectionString = a.ConnectionString;
        await a.DisposeAsync();
        Assert.Empty(renderers.Received);
        Assert.Equal(
            1L,
            await ScalarAsync(connectionString, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")
        );

        // Replica B starts on the same database: its relay finds the row and delivers it, once.
        await using var b = await OrchestratorFactory.CreateAsync(infra, documents, connectionString: connectionString);
        var received = await Eventually.UntilAsync(
            () => Task.FromResult(renderers.Received.ToList()),
            r => r.Count > 0,
            "the request to reach a renderer"
        );
        Assert.Equal((jobId, 1), (received.Single().Message.JobId, received.Single().Message.Attempt));
        await Task.Delay(500);
        Assert.Single(renderers.Received);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        return await c.ExecuteScalarAsync<long>(sql);
    }
}
