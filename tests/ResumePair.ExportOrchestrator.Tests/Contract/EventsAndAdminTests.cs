using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Contract;

/// <summary>GET /job/{id}/events (SSE through LISTEN/NOTIFY) and the operators' /api/v1/jobs.</summary>
[Collection("infrastructure")]
public sealed class EventsAndAdminTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task The_event_stream_follows_progress_and_status_until_the_job_ends_and_resumes_with_Last_Event_ID()
    {
        await using var h = await ExportHarness.StartAsync(
            infra,
            settings: new() { ["Export:EventsHeartbeatInterval"] = "00:00:00.300" }
        );
        var jobId = await h.RequestExportAsync();
        using var response = await h.Client.GetAsync(
            $"/api/v1/export/job/{jobId}/events",
            HttpCompletionOption.ResponseHeadersRead
        );
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var initial = await NextEventAsync(reader);
        Assert.Equal(("job.status", "pending"), (initial.Type, initial.Data.GetProperty("status").GetString()));

        // A change made by "another replica" (straight in the database, not through this process's code) arrives too.
        await using (var c = await h.Factory.DataSource.OpenConnectionAsync())
            await c.ExecuteAsync(
                "UPDATE jobs SET progress_percentage = 30, progress_message = 'Printing' WHERE id = @jobId",
                new { jobId }
            );
        var progress = await NextEventAsync(reader);
        Assert.Equal(
            ("job.progress", 30, "Printing"),
            (
                progress.Type,
                progress.Data.GetProperty("progress").GetInt32(),
                progress.Data.GetProperty("progressMessage").GetString()
            )
        );
        Assert.True(progress.Id > initial.Id);

        // Idle: heartbeat events keep the stream open.
        await Task.Delay(700);
        await h.CompleteAsync(jobId);
        var done = await NextEventAsync(reader);
        Assert.True(done.SawHeartbeat);
        Assert.Equal(("job.status", "completed"), (done.Type, done.Data.GetProperty("status").GetString()));
        // the stream ends after a terminal state
        Assert.Null(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        // Reconnecting with the last id seen: nothing new, so nothing is repeated.
        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/export/job/{jobId}/events");
        resume.Headers.Add("Last-Event-ID", done.Id.ToString());
        using var resumed = await h.Client.SendAsync(resume);
        Assert.Equal("", await resumed.Content.ReadAsStringAsync());
        // With an older id, the current state is sent once.
        using var behind = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/export/job/{jobId}/events");
        behind.Headers.Add("Last-Event-ID", initial.Id.ToString());
        Assert.Contains(
            "\"status\":\"completed\"",
            await (await h.Client.SendAsync(behind)).Content.ReadAsStringAsync()
        );

        using var stranger = h.ClientFor(await h.RegisterAsync());
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await stranger.GetAsync($"/api/v1/export/job/{jobId}/events")).StatusCode
        );
    }

    [Fact]
    public async Task A_change_whose_announcement_was_lost_reaches_the_stream_at_the_next_heartbeat()
    {
        await using var h = await ExportHarness.StartAsync(
            infra,
            settings: new() { ["Export:EventsHeartbeatInterval"] = "00:00:00.300" }
        );
        var jobId = await h.RequestExportAsync();
        using var response = await h.Client.GetAsync(
            $"/api/v1/export/job/{jobId}/events",
            HttpCompletionOption.ResponseHeadersRead
        );
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("pending", (await NextEventAsync(reader)).Data.GetProperty("status").GetString());

        // What an engine batch does when its process dies between the commit and the announcement: the trigger is
        // told the transaction announces itself (migration 0011), and then nobody does.
        await using (var c = await h.Factory.DataSource.OpenConnectionAsync())
        await using (var tx = await c.BeginTransactionAsync())
        {
            await c.ExecuteAsync("SET LOCAL jobs.events_after_commit = on", transaction: tx);
            await c.ExecuteAsync(
                "UPDATE jobs SET progress_percentage = 60, progress_message = 'Silent' WHERE id = @jobId",
                new { jobId },
                tx
            );
            await tx.CommitAsync();
        }
        var progress = await NextEventAsync(reader);
        Assert.True(progress.SawHeartbeat); // found by the heartbeat's re-read, not by a notification
        Assert.Equal(
            (60, "Silent"),
            (progress.Data.GetProperty("progress").GetInt32(), progress.Data.GetProperty("progressMessage").GetString())
        );
    }

    [Fact]
    public async Task Operators_list_inspect_steer_and_measure_jobs_and_users_cannot()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var done = await h.RequestExportAsync();
        var bus = h.Factory.Services.GetRequiredService<IBus>();
        await bus.Publish(
            new RenderProgressed
            {
                JobId = done,
                Attempt = 1,
                Percentage = 50,
                Message = "Printing",
                WorkerId = "r1",
            }
        );
        await Eventually.UntilAsync(() => h.GetJobAsync(done), j => j.Status == "processing", "processing");
        await h.CompleteAsync(done);
        var failed = await h.RequestExportAsync(documentId: await h.CreateResumeAsync());
        await bus.Publish(
            new PdfRenderFailed
            {
                JobId = failed,
                Attempt = 1,
                Error = "Unknown template",
                Retryable = false,
                WorkerId = "r1",
            }
        );
        await Eventually.UntilAsync(() => h.GetJobAsync(failed), j => j.Status == "failed", "failed");
        var pending = await h.RequestExportAsync(documentId: await h.CreateResumeAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await h.Client.GetAsync("/api/v1/jobs")).StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await h.Client.PostAsync($"/api/v1/jobs/{pending}/cancel", null)).StatusCode
        );
        using var admin = h.ClientFor(await h.RegisterAsync(admin: true));

        var all = await admin.GetFromJsonAsync<JsonElement>("/api/v1/jobs?limit=2&page=1");
        Assert.Equal((3, 2), (all.GetProperty("total").GetInt32(), all.GetProperty("items").GetArrayLength()));
        var onlyFailed = await admin.GetFromJsonAsync<JsonElement>("/api/v1/jobs?status=failed&type=export_pdf");
        Assert.Equal(
            failed,
            Assert
                .Single(onlyFailed.GetProperty("items").EnumerateArray())
                .GetProperty("job")
                .GetProperty("jobId")
                .GetGuid()
        );
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/jobs?status=nope")).StatusCode);

        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{done}");
        var logs = detail
            .GetProperty("logs")
            .EnumerateArray()
            .Select(l => l.GetProperty("message").GetString()!)
            .ToList();
        Assert.Contains(logs, l => l.StartsWith("Accepted"));
        Assert.Contains(logs, l => l.StartsWith("Attempt 1 started on r1"));
        Assert.Contains(logs, l => l.StartsWith("Attempt 1 completed"));
        Assert.Equal(
            "completed",
            Assert.Single(detail.GetProperty("attempts").EnumerateArray()).GetProperty("outcome").GetString()
        );

        var stats = await admin.GetFromJsonAsync<JsonElement>("/api/v1/jobs/stats");
        var render = Assert.Single(stats.GetProperty("queues").EnumerateArray());
        Assert.Equal(
            ("render", 1),
            (render.GetProperty("queue").GetString(), render.GetProperty("pending").GetInt32())
        );
        Assert.Equal(
            (1, 1, 0),
            (
                stats.GetProperty("completedLastHour").GetInt32(),
                stats.GetProperty("failedLastHour").GetInt32(),
                stats.GetProperty("deadLetters").GetInt32()
            )
        );
        Assert.True(stats.GetProperty("enqueueToStartMs").GetProperty("p95").GetDouble() >= 0);
        Assert.True(stats.GetProperty("runTimeMs").GetProperty("p50").GetDouble() >= 0);
        // The chart's hour, from the job rows: the last point is now (one job waiting), one completion in the hour.
        var history = stats.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(60, history.Count);
        Assert.Equal(1, history[^1].GetProperty("queueDepth").GetInt32());
        Assert.Equal(0, history[^1].GetProperty("processing").GetInt32());
        Assert.Equal(1, history.Sum(p => p.GetProperty("completed").GetInt32()));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/jobs/{failed}/retry", null)).StatusCode);
        Assert.Equal(2, (await h.GetJobAsync(failed)).Attempts);
        var cancel = await admin.PostAsync($"/api/v1/jobs/{pending}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await admin.PostAsync($"/api/v1/jobs/{pending}/cancel", null)).StatusCode
        );
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/jobs/{Guid.NewGuid()}")).StatusCode);
        var cancelLog = await h.ScalarAsync<string>(
            "SELECT message FROM job_logs WHERE job_id = @pending ORDER BY id DESC LIMIT 1",
            new { pending }
        );
        Assert.StartsWith("Cancelled by admin", cancelLog);
    }

    [Fact]
    public async Task Operators_go_from_a_job_to_the_trace_of_the_request_that_created_it_in_the_dashboard()
    {
        await using var h = await ExportHarness.StartAsync(infra,
            settings: new() { ["Dashboard:Url"] = "http://127.0.0.1:18888" });
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/export/pdf")
        {
            Content = JsonContent.Create(
                new
                {
                    documentId = h.DocumentId,
                    templateId = "ats-single-column",
                    pageSize = "A4",
                }
            ),
        };
        request.Headers.Add(
            "traceparent",
            $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01"
        );
        using var accepted = await h.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = (await accepted.Content.ReadFromJsonAsync<ExportAccepted>())!.JobId;
        using var admin = h.ClientFor(await h.RegisterAsync(admin: true));

        var listed = Assert.Single(
            (await admin.GetFromJsonAsync<JsonElement>("/api/v1/jobs")).GetProperty("items").EnumerateArray()
        );
        Assert.Equal(traceId, listed.GetProperty("traceId").GetString());
        Assert.Equal($"http://127.0.0.1:18888/traces/detail/{traceId}", listed.GetProperty("traceUrl").GetString());
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{job}");
        Assert.Equal(traceId, detail.GetProperty("job").GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Without_a_dashboard_a_job_keeps_its_trace_id_and_has_no_link()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        await h.RequestExportAsync();
        using var admin = h.ClientFor(await h.RegisterAsync(admin: true));
        var listed = Assert.Single(
            (await admin.GetFromJsonAsync<JsonElement>("/api/v1/jobs")).GetProperty("items").EnumerateArray()
        );
        Assert.Matches("^[0-9a-f]{32}$", listed.GetProperty("traceId").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("traceUrl").ValueKind);
    }

    private sealed record SseEvent(long Id, string Type, JsonElement Data, bool SawHeartbeat);

    private static async Task<SseEvent> NextEventAsync(StreamReader reader)
    {
        long id = 0;
        string? type = null, data = null;
        var heartbeat = false;
        while (true)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20))
                ?? throw new EndOfStreamException();
            if (line.StartsWith("id: ")) id = long.Parse(line[4..]);
            else if (line.StartsWith("event: ")) type = line[7..];
            else if (line.StartsWith("data: ")) data = line[6..];
            else if (line.Length == 0 && type == "heartbeat") (heartbeat, type, data) = (true, null, null);
            else if (line.Length == 0 && data is not null)
                return new SseEvent(id, type!, JsonDocument.Parse(data).RootElement.Clone(), heartbeat);
        }
    }
}
