using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using ResumePair.ServiceDefaults.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>A new in-process job (no document columns): its type's handler runs it.</summary>
public sealed record NewJob(string Type, string PayloadJson, Guid CreatedBy, string Queue = "default", int Priority = 0);

/// <summary>
/// Enqueues in-process jobs already dispatched: the job rows (attempt 1, <c>dispatched_attempt = 1</c>) and their
/// <see cref="RunJobRequested"/> outbox rows. In the caller's transaction these are two multi-row statements, however
/// many jobs there are. In a transaction of its own (the single-request path) it is one statement (both inserts in
/// one CTE, so atomic without BEGIN/COMMIT round trips); then this process's relay is woken directly, or, when none
/// runs here, <c>NOTIFY outbox</c> is sent after the commit, coalesced across concurrent enqueues (see <see cref="PostCommitNotifier"/>).
/// </summary>
public sealed class JobEnqueuer(NpgsqlDataSource db, OutboxWriter outbox, IOptions<ExportOptions> options, TimeProvider time, ILogger<JobEnqueuer> logger,
    OutboxRelay? localRelay = null)
{
    private const string InsertJobs =
        """
        INSERT INTO jobs (id, type, queue, priority, payload, status, attempts, max_attempts, run_after, created_by, created_at, dispatched_attempt, dispatched_at)
        SELECT j.id, j.type, j.queue, j.priority, j.payload::jsonb, 'pending', 1, @maxAttempts, @now, j.created_by, @now, 1, @now
        FROM unnest(@ids, @types, @queues, @priorities, @payloads, @users) AS j(id, type, queue, priority, payload, created_by)
        """;

    // The relay's wake-up when none runs in this process, sent after the commit (see PostCommitNotifier for why not
    // inside the transaction).
    private readonly PostCommitNotifier _relayWake = new(db, OutboxWriter.Channel, logger);

    /// <summary>In a transaction of its own: one statement, then a (coalesced) notification for the relay.</summary>
    public async Task<Guid[]> EnqueueAsync(IReadOnlyList<NewJob> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0) return [];
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var ids = jobs.Select(_ => Guid.CreateVersion7(now)).ToArray();
        var rows = jobs.Select((j, i) => outbox.Prepare(new RunJobRequested { JobId = ids[i], Attempt = 1, Type = j.Type })).ToArray();
        await using (var c = await db.OpenConnectionAsync(ct))
        await using (var cmd = new NpgsqlCommand(
            $"""
            WITH new_jobs AS (
            {InsertJobs}
            ), messages AS (
                INSERT INTO outbox_messages (message_id, message_type, body, trace_parent, created_at)
                SELECT m.id, m.type, m.body::jsonb, m.trace, m.created_at
                FROM unnest(@messageIds, @messageTypes, @bodies, @traces, @createdAts) WITH ORDINALITY AS m(id, type, body, trace, created_at, n)
                ORDER BY m.n
            )
            SELECT 1
            """, c))
        {
            AddJobParameters(cmd, jobs, ids, now);
            cmd.Parameters.AddWithValue("messageIds", rows.Select(r => r.MessageId).ToArray());
            cmd.Parameters.AddWithValue("messageTypes", rows.Select(r => r.MessageType).ToArray());
            cmd.Parameters.AddWithValue("bodies", rows.Select(r => r.Body).ToArray());
            cmd.Parameters.Add(new NpgsqlParameter("traces", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.TraceParent).ToArray() });
            cmd.Parameters.AddWithValue("createdAts", rows.Select(r => r.CreatedAt).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        EngineMetrics.Enqueue.Record(time.GetElapsedTime(started).TotalMilliseconds);
        // This process's relay, when it runs, is told directly; any relay would do, and the others' poll still looks.
        if (localRelay?.TryWakeLocal() != true) _relayWake.Notify();
        return ids;
    }

    private void AddJobParameters(NpgsqlCommand cmd, IReadOnlyList<NewJob> jobs, Guid[] ids, DateTimeOffset now)
    {
        cmd.Parameters.AddWithValue("maxAttempts", options.Value.MaxAttempts);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("ids", ids);
        cmd.Parameters.AddWithValue("types", jobs.Select(j => j.Type).ToArray());
        cmd.Parameters.AddWithValue("queues", jobs.Select(j => j.Queue).ToArray());
        cmd.Parameters.AddWithValue("priorities", jobs.Select(j => j.Priority).ToArray());
        cmd.Parameters.AddWithValue("payloads", jobs.Select(j => j.PayloadJson).ToArray());
        cmd.Parameters.AddWithValue("users", jobs.Select(j => j.CreatedBy).ToArray());
    }

    /// <summary>In the caller's transaction (the jobs exist if and only if it commits).</summary>
    public async Task<Guid[]> EnqueueAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<NewJob> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0) return [];
        var now = time.GetUtcNow();
        var ids = jobs.Select(_ => Guid.CreateVersion7(now)).ToArray();
        await using (var cmd = new NpgsqlCommand(InsertJobs, c, tx))
        {
            AddJobParameters(cmd, jobs, ids, now);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await outbox.EnqueueManyAsync(c, tx,
            jobs.Select((j, i) => (object)new RunJobRequested { JobId = ids[i], Attempt = 1, Type = j.Type }).ToList(), ct);
        return ids;
    }
}
