using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ServiceDefaults.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>A new in-process job (no document columns): its type's handler runs it.</summary>
public sealed record NewJob(string Type, string PayloadJson, Guid CreatedBy, string Queue = "default", int Priority = 0);

/// <summary>
/// Enqueues in-process jobs already dispatched: the job rows (attempt 1, <c>dispatched_attempt = 1</c>) and their
/// <see cref="RunJobRequested"/> outbox rows are two multi-row statements in the caller's transaction, however many
/// jobs there are. One job costs the same two statements, which is the single-request path.
/// </summary>
public sealed class JobEnqueuer(NpgsqlDataSource db, OutboxWriter outbox, IOptions<ExportOptions> options, TimeProvider time)
{
    /// <summary>In a transaction of its own.</summary>
    public async Task<Guid[]> EnqueueAsync(IReadOnlyList<NewJob> jobs, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var ids = await EnqueueAsync(c, tx, jobs, ct);
        await tx.CommitAsync(ct);
        return ids;
    }

    /// <summary>In the caller's transaction (the jobs exist if and only if it commits).</summary>
    public async Task<Guid[]> EnqueueAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<NewJob> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0) return [];
        var now = time.GetUtcNow();
        var ids = jobs.Select(_ => Guid.CreateVersion7(now)).ToArray();
        await using (var cmd = new NpgsqlCommand(
            """
            INSERT INTO jobs (id, type, queue, priority, payload, status, attempts, max_attempts, run_after, created_by, created_at, dispatched_attempt, dispatched_at)
            SELECT j.id, j.type, j.queue, j.priority, j.payload::jsonb, 'pending', 1, @maxAttempts, @now, j.created_by, @now, 1, @now
            FROM unnest(@ids, @types, @queues, @priorities, @payloads, @users) AS j(id, type, queue, priority, payload, created_by)
            """, c, tx))
        {
            cmd.Parameters.AddWithValue("maxAttempts", options.Value.MaxAttempts);
            cmd.Parameters.AddWithValue("now", now);
            cmd.Parameters.AddWithValue("ids", ids);
            cmd.Parameters.AddWithValue("types", jobs.Select(j => j.Type).ToArray());
            cmd.Parameters.AddWithValue("queues", jobs.Select(j => j.Queue).ToArray());
            cmd.Parameters.AddWithValue("priorities", jobs.Select(j => j.Priority).ToArray());
            cmd.Parameters.AddWithValue("payloads", jobs.Select(j => j.PayloadJson).ToArray());
            cmd.Parameters.AddWithValue("users", jobs.Select(j => j.CreatedBy).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await outbox.EnqueueManyAsync(c, tx,
            jobs.Select((j, i) => (object)new RunJobRequested { JobId = ids[i], Attempt = 1, Type = j.Type }).ToList(), ct);
        return ids;
    }
}
