using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>
/// GET /job/{id}/events: Server-Sent Events of the job's state (<c>job.progress</c> while unfinished,
/// <c>job.status</c> on a status change), event id = the job's revision. On (re)connect the current state is
/// sent unless <c>Last-Event-ID</c> already is that revision; heartbeat comments keep proxies from closing an
/// idle stream (and the job is read again with each, in case a notification was lost); the stream ends after a
/// terminal state.
/// Framed by ASP.NET Core (TypedResults.ServerSentEvents).
/// </summary>
public static class JobEventsApi
{
    public static IEndpointRouteBuilder MapJobEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/export").WithTags("Exports").RequireAuthorization()
            .MapGet("/job/{id:guid}/events", Stream).WithContentLanguage();
        return app;
    }

    public static async Task<IResult> Stream(Guid id, HttpContext http, NpgsqlDataSource db, JobEventHub hub,
        IOptions<ExportOptions> options, ServerTexts texts, CancellationToken ct)
    {
        var userId = http.User.UserId();
        // Subscribe before the first read: a change committed in between is then not missed.
        var subscription = hub.Subscribe(id);
        Job? job = null;
        try
        {
            job = await JobStore.GetForUserAsync(db, id, userId, ct);
        }
        finally
        {
            if (job is null) subscription.Dispose();
        }
        if (job is null) return ApiResults.NotFound("Job not found.");

        http.Response.Headers["X-Accel-Buffering"] = "no";
        long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var lastSent);
        return TypedResults.ServerSentEvents(
            Events(job, lastSent, subscription, db, userId, texts, options.Value.EventsHeartbeatInterval, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(Job? job, long lastSent,
        JobEventHub.Subscription subscription, NpgsqlDataSource db, Guid userId, ServerTexts texts, TimeSpan heartbeat,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var _ = subscription;
        var id = job!.Id;
        string? lastStatus = null;
        while (job is not null)
        {
            if (job.Revision > lastSent)
            {
                var type = lastStatus is not null && lastStatus == job.Status ? "job.progress" : "job.status";
                var data = JsonSerializer.Serialize(JobViews.ToView(job, texts), JsonSerializerOptions.Web);
                var eventId = job.Revision.ToString(CultureInfo.InvariantCulture);
                yield return new SseItem<string>(data, type) { EventId = eventId };
                lastSent = job.Revision;
            }
            lastStatus = job.Status;
            if (!JobStatus.IsUnfinished(job.Status)) yield break;

            // Heartbeats keep proxies from closing an idle stream; clients act on the named events only.
            if (!await WaitAsync(subscription, heartbeat, ct)) yield return new SseItem<string>("", Heartbeat);
            // Read again after a heartbeat too: a notification can be lost (the engine announces its batches after
            // their commit, so a crash in between loses theirs), which then costs at most one interval.
            job = await JobStore.GetForUserAsync(db, id, userId, ct);
        }
    }

    private const string Heartbeat = "heartbeat";

    /// <returns>True when the job changed, false when <paramref name="heartbeat"/> passed first.</returns>
    private static async Task<bool> WaitAsync(JobEventHub.Subscription subscription, TimeSpan heartbeat,
        CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(heartbeat);
        try
        {
            await subscription.Signals.ReadAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
