using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>
/// GET /job/{id}/events: Server-Sent Events of the job's state (<c>job.progress</c> while unfinished,
/// <c>job.status</c> on a status change), event id = the job's revision. On (re)connect the current state is
/// sent unless <c>Last-Event-ID</c> already is that revision; heartbeat comments keep proxies from closing an
/// idle stream (and the job is read again with each, in case a notification was lost); the stream ends after a terminal state.
/// </summary>
public static class JobEventsApi
{
    public static async Task<IResult> Stream(Guid id, HttpContext http, NpgsqlDataSource db, JobEventHub hub, IOptions<ExportOptions> options, CancellationToken ct)
    {
        var userId = http.User.UserId();
        // Subscribe before the first read: a change committed in between is then not missed.
        using var subscription = hub.Subscribe(id);
        var job = await JobStore.GetForUserAsync(db, id, userId, ct);
        if (job is null) return ExportApi.NotFound("Job not found.");

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(ct);

        long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var lastSent);
        string? lastStatus = null;
        var heartbeat = options.Value.EventsHeartbeatInterval;
        try
        {
            while (true)
            {
                if (job is null) break;
                if (job.Revision > lastSent)
                {
                    var type = lastStatus is not null && lastStatus == job.Status ? "job.progress" : "job.status";
                    var data = JsonSerializer.Serialize(ExportApi.ToView(job), JsonSerializerOptions.Web);
                    await response.WriteAsync($"id: {job.Revision}\nevent: {type}\ndata: {data}\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    lastSent = job.Revision;
                }
                lastStatus = job.Status;
                if (!JobStatus.IsUnfinished(job.Status)) break;

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(heartbeat);
                try
                {
                    await subscription.Signals.ReadAsync(wait.Token);
                    job = await JobStore.GetForUserAsync(db, id, userId, ct);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await response.WriteAsync(": heartbeat\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    // A notification can be lost (the engine announces its batches after their commit, so a crash in
                    // between loses theirs): looking again at each heartbeat bounds what that costs to one interval.
                    job = await JobStore.GetForUserAsync(db, id, userId, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { } // the client went away
        return Results.Empty;
    }
}
