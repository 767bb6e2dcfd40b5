using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs;

public enum CommandOutcome { Done, NotFound, Conflict }

/// <summary>
/// Cancel and retry, for the user's own jobs and for operators. Each runs in one transaction with the job row
/// locked, so it serialises with the consumers and the scheduler; its messages go through the outbox.
/// </summary>
public sealed class JobCommands(
    NpgsqlDataSource db,
    IRemoteJobs remote,
    Engine.JobHandlerRegistry handlers,
    TimeProvider time
)
{
    /// <param name="ownerId">The caller's user id (another user's job is NotFound), or null for an operator.</param>
    public async Task<(CommandOutcome Outcome, Job? Job)> CancelAsync(
        Guid id,
        Guid? ownerId,
        string by,
        CancellationToken ct
    )
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var job = await JobStore.LockAsync(c, tx, id, ct);
        if (job is null || (ownerId is { } owner && job.CreatedBy != owner)) return (CommandOutcome.NotFound, null);
        if (!JobStatus.IsUnfinished(job.Status)) return (CommandOutcome.Conflict, job);

        var now = time.GetUtcNow();
        await JobStore.CancelAsync(c, tx, id, $"Cancelled by {by}", now, ct);
        // An attempt is out (queued or rendering): tell its workers. The job's fencing already ignores its result.
        // In-process jobs notice through their heartbeat, which stops matching a cancelled job.
        if (job.DispatchedAttempt == job.Attempts && !handlers.Runs(job.Type))
            await remote.CancelAsync(c, tx, job, $"Cancelled by {by}", ct);
        await JobStore.LogAsync(c, tx, id, job.Attempts, "warn", $"Cancelled by {by} while {job.Status}", now, ct);
        await tx.CommitAsync(ct);
        return (CommandOutcome.Done, job);
    }

    /// <summary>A failed or dead-lettered job gets one more attempt, dispatched at once (fresh backoff budget of
    /// one).</summary>
    public async Task<(CommandOutcome Outcome, Job? Job)> RetryAsync(
        Guid id,
        Guid? ownerId,
        string by,
        CancellationToken ct
    )
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var job = await JobStore.LockAsync(c, tx, id, ct);
        if (job is null || (ownerId is { } owner && job.CreatedBy != owner)) return (CommandOutcome.NotFound, null);
        if (job.Status is not (JobStatus.Failed or JobStatus.DeadLetter)) return (CommandOutcome.Conflict, job);

        var now = time.GetUtcNow();
        var attempt = job.Attempts + 1;
        await JobStore.ReopenAsync(c, tx, id, attempt, now, ct);
        // A job this process runs is claimed by the workers (woken at the commit); a render is dispatched to the
        // renderers.
        if (handlers.Runs(job.Type)) await JobStore.NotifyReadyAsync(c, tx, ct);
        else await remote.DispatchAsync(c, tx, job, attempt, ct);
        await JobStore.LogAsync(
            c,
            tx,
            id,
            attempt,
            "info",
            $"Retried by {by} after {job.Status}: attempt {attempt} dispatched",
            now,
            ct
        );
        await tx.CommitAsync(ct);
        return (CommandOutcome.Done, job);
    }
}
