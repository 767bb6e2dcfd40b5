using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Messaging;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// Enqueues in-process jobs: rows in the jobs table, due now, which the workers of any replica claim. Nothing goes
/// through the bus. In a transaction of its own it is one statement (its own implicit transaction); then this
/// process's worker is woken at once and the other replicas' by a NOTIFY after the commit
/// (<see cref="PostCommitNotifier"/>: a NOTIFY inside a durable commit would hold PostgreSQL's notify lock across the
/// fsync and serialise the commits). In the caller's transaction, the NOTIFY is part of it and wakes every replica when
/// it commits.
/// </summary>
public sealed class JobEnqueuer(NpgsqlDataSource db, PostCommitNotifier notifier, IOptions<ExportOptions> options,
    TimeProvider time, JobWorker? localWorker = null)
{
    /// <summary>In a transaction of its own: one statement, then the wake-ups.</summary>
    public async Task<Guid[]> EnqueueAsync(IReadOnlyList<NewJobRow> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0) return [];
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var ids = jobs.Select(_ => Guid.CreateVersion7(now)).ToArray();
        using (EngineSpans.StartEnqueue(jobs, ids))
        await using (var c = await db.OpenConnectionAsync(ct))
            await JobStore.InsertManyAsync(c, null, ids, jobs, options.Value.MaxAttempts, now, notify: false, ct);
        EngineMetrics.Enqueue.Record(time.GetElapsedTime(started).TotalMilliseconds);
        // Committed: wake the workers.
        localWorker?.Wake();
        notifier.Notify(JobStore.ReadyChannel);
        return ids;
    }

    /// <summary>In the caller's transaction (the jobs exist if and only if it commits; its commit wakes the
    /// workers).</summary>
    public async Task<Guid[]> EnqueueAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<NewJobRow> jobs,
        CancellationToken ct)
    {
        if (jobs.Count == 0) return [];
        var now = time.GetUtcNow();
        var ids = jobs.Select(_ => Guid.CreateVersion7(now)).ToArray();
        using (EngineSpans.StartEnqueue(jobs, ids))
            await JobStore.InsertManyAsync(c, tx, ids, jobs, options.Value.MaxAttempts, now, notify: true, ct);
        return ids;
    }

    /// <summary>One job with its own columns (document, title) in the caller's transaction, with the given
    /// id.</summary>
    public async Task EnqueueAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid id,
        NewJobRow job,
        CancellationToken ct
    )
    {
        using (EngineSpans.StartEnqueue([job], [id]))
        {
            await JobStore.InsertAsync(c, tx, id, job, options.Value.MaxAttempts, time.GetUtcNow(), ct);
            await JobStore.NotifyReadyAsync(c, tx, ct);
        }
    }
}
