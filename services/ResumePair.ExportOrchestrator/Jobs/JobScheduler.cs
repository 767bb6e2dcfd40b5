using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ServiceDefaults.Messaging.Inbox;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// Every second or so: dispatches retries whose backoff has elapsed, and fails attempts that overran their
/// deadline (a renderer died mid-render, or the request was lost). Rows are claimed with SKIP LOCKED, so every
/// replica can run it. The loop's cadence is real time; "now" comes from the TimeProvider.
/// </summary>
public sealed class JobScheduler(NpgsqlDataSource db, JobDispatcher dispatcher, Inbox inbox, IOptions<ExportOptions> options, TimeProvider time,
    ILogger<JobScheduler> logger) : BackgroundService
{
    private DateTimeOffset _nextCleanup;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
                await FailOverdueAsync(stoppingToken);
                if (time.GetUtcNow() >= _nextCleanup)
                {
                    // Redeliveries arrive within minutes; a week of message ids is plenty.
                    await inbox.CleanupAsync(TimeSpan.FromDays(7), stoppingToken);
                    await PurgeFilesAsync(stoppingToken);
                    _nextCleanup = time.GetUtcNow().AddMinutes(10);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Job scheduler pass failed");
            }
            await Task.Delay(options.Value.SchedulerInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Dispatches pending attempts whose run_after has come. Returns how many.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var due = (await c.QueryAsync<Job>(new CommandDefinition(
            """
            SELECT id, attempts, created_by, payload::text AS payload FROM jobs
            WHERE status = 'pending' AND dispatched_attempt < attempts AND run_after <= @now
            ORDER BY priority DESC, run_after LIMIT 50 FOR UPDATE SKIP LOCKED
            """, new { now = time.GetUtcNow() }, tx, cancellationToken: ct))).ToList();
        foreach (var job in due)
        {
            await dispatcher.DispatchAsync(c, tx, job.Id, job.CreatedBy, job.Attempts, JobStore.ReadPayload(job), ct);
            await JobStore.LogAsync(c, tx, job.Id, job.Attempts, "info", $"Attempt {job.Attempts} dispatched", time.GetUtcNow(), ct);
        }
        await tx.CommitAsync(ct);
        foreach (var job in due) logger.LogInformation("Job {JobId} attempt {Attempt} dispatched", job.Id, job.Attempts);
        return due.Count;
    }

    /// <summary>Treats attempts still unfinished past their render deadline as retryable failures.</summary>
    public async Task<int> FailOverdueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var overdue = (await c.QueryAsync<Job>(new CommandDefinition(
            """
            SELECT id, status, attempts, max_attempts, payload::text AS payload FROM jobs
            WHERE status IN ('pending', 'processing') AND dispatched_attempt = attempts AND dispatched_at < @cutoff
            LIMIT 50 FOR UPDATE SKIP LOCKED
            """, new { cutoff = now - options.Value.RenderDeadline }, tx, cancellationToken: ct))).ToList();
        foreach (var job in overdue)
            await JobTransitions.FailAttemptAsync(c, tx, job, "The attempt did not finish before its deadline", retryable: true,
                options.Value, now, Random.Shared.NextDouble(), ct);
        await tx.CommitAsync(ct);
        foreach (var job in overdue) logger.LogWarning("Job {JobId} attempt {Attempt} overran its deadline", job.Id, job.Attempts);
        return overdue.Count;
    }

    /// <summary>
    /// Deletes stored files no live export points at: expired exports, and uploads of attempts that never
    /// completed. Files younger than the render deadline are left alone (their attempt may still complete).
    /// </summary>
    public async Task<int> PurgeFilesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var c = await db.OpenConnectionAsync(ct);
        var purged = await c.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM export_files f
            WHERE f.created_at < @cutoff
              AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.file_key = f.key AND j.status = 'completed' AND j.expires_at > @now)
            """, new { cutoff = now - options.Value.RenderDeadline, now }, cancellationToken: ct));
        if (purged > 0) logger.LogInformation("Purged {Count} export files", purged);
        return purged;
    }
}
