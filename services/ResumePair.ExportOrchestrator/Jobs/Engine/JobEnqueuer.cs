using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using ResumePair.Messaging;
using ResumePair.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>A new in-process job (no document columns): its type's handler runs it.</summary>
public sealed record NewJob(string Type, string PayloadJson, Guid CreatedBy, string Queue = "default", int Priority = 0);

/// <summary>
/// Enqueues in-process jobs already dispatched: the job rows (attempt 1, <c>dispatched_attempt = 1</c>) and their
/// <see cref="RunJobRequested"/> outbox rows. In the caller's transaction these are two multi-row statements, however
/// many jobs there are. In a transaction of its own (the single-request path) it is one statement (both inserts in
/// one CTE, so atomic without BEGIN/COMMIT round trips) whose outbox rows are leased to this process's relay and
/// handed to it after the commit (<see cref="OutboxRelay.PublishCommitted"/>): published at once, with no NOTIFY,
/// wake-up or claim on the way. When no relay runs here the rows are written unleased and <c>NOTIFY outbox</c> follows
/// the commit (<see cref="PostCommitNotifier"/>), so that another replica's relay claims them.
/// </summary>
public sealed class JobEnqueuer(NpgsqlDataSource db, OutboxWriter outbox, PostCommitNotifier notifier, IOptions<ExportOptions> options, TimeProvider time,
    OutboxRelay? localRelay = null)
{
    private const string InsertJobs =
        """
        INSERT INTO jobs (id, type, queue, priority, payload, status, attempts, max_attempts, run_after, created_by, created_at, dispatched_attempt, dispatched_at,
                          trace_id)
        SELECT j.id, j.type, j.queue, j.priority, j.payload::jsonb, 'pending', 1, @maxAttempts, @now, j.created_by, @now, 1, @now, @trace
        FROM unnest(@ids, @types, @queues, @priorities, @payloads, @users) AS j(id, type, queue, priority, payload, created_by)
        """;

    /// <summary>In a transaction of its own: one statement, then the hand-over to the relay (or a notification).</summary>
    public async Task<Guid[]> EnqueueAsync(IReadOnlyList<NewJob> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0) return [];
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var ids = jobs.Select(_ => Guid.CreateVersion7(now)).ToArray();
        using var span = EngineSpans.StartEnqueue(jobs, ids);
        var rows = jobs.Select((j, i) => outbox.Prepare(new RunJobRequested { JobId = ids[i], Attempt = 1, Type = j.Type })).ToArray();
        var lease = localRelay?.DirectPublishLease();
        var rowIds = new Dictionary<Guid, long>(rows.Length);
        await using (var c = await db.OpenConnectionAsync(ct))
        await using (var cmd = new NpgsqlCommand(
            $"""
            WITH new_jobs AS (
            {InsertJobs}
            ), messages AS (
                INSERT INTO outbox_messages (message_id, message_type, body, trace_parent, created_at, lease_until)
                SELECT m.id, m.type, m.body::jsonb, m.trace, m.created_at, @lease
                FROM unnest(@messageIds, @messageTypes, @bodies, @traces, @createdAts) WITH ORDINALITY AS m(id, type, body, trace, created_at, n)
                ORDER BY m.n
                RETURNING id, message_id
            )
            SELECT id, message_id FROM messages
            """, c))
        {
            AddJobParameters(cmd, jobs, ids, now);
            cmd.Parameters.AddWithValue("messageIds", rows.Select(r => r.MessageId).ToArray());
            cmd.Parameters.AddWithValue("messageTypes", rows.Select(r => r.MessageType).ToArray());
            cmd.Parameters.AddWithValue("bodies", rows.Select(r => r.Body).ToArray());
            cmd.Parameters.Add(new NpgsqlParameter("traces", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.TraceParent).ToArray() });
            cmd.Parameters.AddWithValue("createdAts", rows.Select(r => r.CreatedAt).ToArray());
            cmd.Parameters.Add(new NpgsqlParameter("lease", NpgsqlDbType.TimestampTz) { Value = lease is { } l ? l : DBNull.Value });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rowIds[reader.GetGuid(1)] = reader.GetInt64(0);
        }
        EngineMetrics.Enqueue.Record(time.GetElapsedTime(started).TotalMilliseconds);
        // The reader is done: the statement's implicit transaction has committed.
        if (lease is not null) localRelay!.PublishCommitted(rows.Select(r => (rowIds[r.MessageId], r)));
        else notifier.Notify(OutboxWriter.Channel);
        return ids;
    }

    private void AddJobParameters(NpgsqlCommand cmd, IReadOnlyList<NewJob> jobs, Guid[] ids, DateTimeOffset now)
    {
        cmd.Parameters.AddWithValue("maxAttempts", options.Value.MaxAttempts);
        // One request's jobs share its trace.
        cmd.Parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)JobTraces.CurrentId() ?? DBNull.Value });
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
        using var span = EngineSpans.StartEnqueue(jobs, ids);
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
