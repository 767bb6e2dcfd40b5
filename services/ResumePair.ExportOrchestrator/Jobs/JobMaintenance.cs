using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Messaging.Inbox;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// The recurring maintenance jobs, run by ONE replica at a time: whoever takes the session advisory lock runs
/// the pass, the others skip it (pg_try_advisory_lock, so nobody waits). Expired exports lose their files,
/// orphaned files go, finished jobs and their logs are pruned after the retention, old inbox ids are forgotten.
/// Stuck jobs are reaped every second by <see cref="JobScheduler"/> (SKIP LOCKED makes that safe everywhere).
/// </summary>
public sealed class JobMaintenance(
    NpgsqlDataSource db,
    Inbox inbox,
    IOptions<ExportOptions> options,
    TimeProvider time,
    ILogger<JobMaintenance> logger
) : BackgroundService
{
    /// <summary>The advisory lock key (any constant; "exports-maintenance" hashed once).</summary>
    public const long LockKey = 0x6578_706f_6d61_696e;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Maintenance pass failed");
            }
            await Task.Delay(options.Value.MaintenanceInterval, stoppingToken)
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <returns>null when another replica holds the lock (the pass was skipped), else what was removed.</returns>
    public async Task<MaintenanceReport?> RunOnceAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        if (
            !await c.ExecuteScalarAsync<bool>(
                new CommandDefinition("SELECT pg_try_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct)
            )
        )
            return null;
        try
        {
            var now = time.GetUtcNow();
            var o = options.Value;
            var files = await JobStore.DeleteUnreferencedFilesAsync(c, now - MaxTimeout(o), now, ct);
            var (jobs, logs) = await JobStore.PruneAsync(c, now - o.JobRetention, now, ct);
            // Redeliveries arrive within minutes; a week of message ids is plenty.
            var inboxIds = await inbox.CleanupAsync(TimeSpan.FromDays(7), ct);
            var report = new MaintenanceReport(files, jobs, logs, inboxIds);
            if (files + jobs + logs > 0) logger.LogInformation("Maintenance: {Report}", report);
            return report;
        }
        finally
        {
            await c.ExecuteAsync(
                new CommandDefinition(
                    "SELECT pg_advisory_unlock(@LockKey)",
                    new { LockKey },
                    cancellationToken: CancellationToken.None
                )
            );
        }
    }

    private static TimeSpan MaxTimeout(ExportOptions o) =>
        o.Types.Values.Select(t => t.Timeout ?? o.RenderDeadline).Append(o.RenderDeadline).Max();
}

public sealed record MaintenanceReport(int FilesDeleted, int JobsPruned, int LogsPruned, int InboxIdsForgotten);
