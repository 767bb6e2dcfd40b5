using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using ResumePair.Messaging;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>An attempt a worker claimed: it is processing here now.</summary>
/// <param name="TraceParent">The W3C context of the span that enqueued the job, which the run continues.</param>
public sealed record ClaimedJob(Guid Id, int Attempt, string Type, Guid CreatedBy, string Payload, string? TraceParent);

/// <summary>A successful attempt's result, for a completion batch.</summary>
public sealed record Completion(
    Guid JobId,
    int Attempt,
    string? ResultJson,
    string? FileKey,
    long? SizeBytes,
    int? Pages
);

/// <summary>
/// The queue's SQL: the jobs table is the queue of in-process work, as in River and graphile-worker. Workers claim due
/// rows in one statement (<c>FOR UPDATE SKIP LOCKED</c>, priority order), heartbeat what they run in one statement,
/// and complete in batches; everything is fenced on the attempt, so a superseded or finished attempt changes nothing.
/// </summary>
public static partial class JobStore
{
    /// <summary>Who runs the job (job rows, logs): host and process id.</summary>
    public static readonly string WorkerId = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>The NOTIFY channel that says "jobs are due": every replica's worker listens.</summary>
    public const string ReadyChannel = "jobs";

    private const string InsertFromArrays = """
        INSERT INTO jobs (id, type, queue, priority, payload, status, attempts, max_attempts, run_after, created_by,
                          created_at, trace_id, trace_parent)
        SELECT j.id, j.type, j.queue, j.priority, j.payload::jsonb, 'pending', 1, @maxAttempts, @now, j.created_by,
               @now, @traceId, @traceParent
        FROM unnest(@ids, @types, @queues, @priorities, @payloads, @users)
             AS j(id, type, queue, priority, payload, created_by)
        """;

    /// <summary>
    /// Many jobs in one statement. Without a transaction the statement commits on its own (one round trip); in the
    /// caller's transaction <paramref name="notify"/> adds the NOTIFY that wakes the workers at its commit.
    /// </summary>
    public static async Task InsertManyAsync(NpgsqlConnection c, NpgsqlTransaction? tx, IReadOnlyList<Guid> ids,
        IReadOnlyList<NewJobRow> jobs, int maxAttempts, DateTimeOffset now, bool notify, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            notify ? $"{InsertFromArrays};\nSELECT pg_notify('{ReadyChannel}', '')" : InsertFromArrays, c, tx);
        cmd.Parameters.AddWithValue("maxAttempts", maxAttempts);
        cmd.Parameters.AddWithValue("now", now);
        // One request's jobs share its trace.
        cmd.Parameters.Add(Nullable("traceId", NpgsqlDbType.Text, JobTraces.CurrentId()));
        cmd.Parameters.Add(Nullable("traceParent", NpgsqlDbType.Text, TraceParent()));
        cmd.Parameters.AddWithValue("ids", ids.ToArray());
        cmd.Parameters.AddWithValue("types", jobs.Select(j => j.Type).ToArray());
        cmd.Parameters.AddWithValue("queues", jobs.Select(j => j.Queue).ToArray());
        cmd.Parameters.AddWithValue("priorities", jobs.Select(j => j.Priority).ToArray());
        cmd.Parameters.AddWithValue("payloads", jobs.Select(j => j.PayloadJson).ToArray());
        cmd.Parameters.AddWithValue("users", jobs.Select(j => j.CreatedBy).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Wakes every replica's workers when the caller's transaction commits.</summary>
    public static async Task NotifyReadyAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT pg_notify('{ReadyChannel}', '')", c, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string? TraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <summary>
    /// Claims up to <paramref name="limit"/> due jobs of the given types: pending → processing, attempt handed out,
    /// heartbeat now. One statement and one implicit transaction; the caller announces the ids after it (job events).
    /// </summary>
    public static async Task<List<ClaimedJob>> ClaimAsync(
        NpgsqlDataSource db,
        string[] types,
        int limit,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"""
            -- A claim need not wait for the disk: one lost in a crash leaves the job pending (claimed again), and WAL
            -- order means no later completion of it outlives the claim.
            SELECT {TransactionSettings.WithoutFsync}, {JobEventHub.AnnouncedAfterCommit};
            WITH due AS (
                SELECT id FROM jobs
                WHERE status = 'pending' AND dispatched_attempt < attempts AND run_after <= @now AND type = ANY(@types)
                ORDER BY priority DESC, run_after, id
                LIMIT @limit FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs j SET status = 'processing', started_at = COALESCE(j.started_at, @now), heartbeat_at = @now,
                              worker_id = @worker, dispatched_attempt = j.attempts, dispatched_at = @now,
                              revision = j.revision + 1
            FROM due WHERE j.id = due.id
            RETURNING j.id, j.attempts, j.type, j.created_by, j.payload::text, j.trace_parent
            """, c);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("types", types);
        cmd.Parameters.AddWithValue("limit", limit);
        cmd.Parameters.AddWithValue("worker", WorkerId);
        var claimed = new List<ClaimedJob>(limit);
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.NextResultAsync(ct); // past the settings
            while (await reader.ReadAsync(ct))
                claimed.Add(
                    new ClaimedJob(
                        reader.GetGuid(0),
                        reader.GetInt32(1),
                        reader.GetString(2),
                        reader.GetGuid(3),
                        reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5)
                    )
                );
        }
        // The reader is closed: the implicit transaction has committed.
        return claimed;
    }

    /// <summary>
    /// Completes successful attempts in one statement and one durable commit, fenced: an attempt that is no longer the
    /// job's current one, or whose job has finished (cancelled), changes nothing. The row is the record of the success
    /// (attempt, worker, time): no log line is written for it (<see cref="LogsAsync"/> shows one from the row).
    /// </summary>
    /// <returns>The attempts completed.</returns>
    public static async Task<HashSet<(Guid Id, int Attempt)>> CompleteManyAsync(
        NpgsqlDataSource db,
        IReadOnlyList<Completion> items,
        DateTimeOffset expires,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        // Ordered by job id, so concurrent batches lock job rows in the same order.
        var rows = items.DistinctBy(i => (i.JobId, i.Attempt)).OrderBy(i => i.JobId).ToArray();
        await using var c = await db.OpenConnectionAsync(ct);
        // Two statements, one round trip and one durable commit; the setting and the explicit revision bump make its
        // job events go out after it (JobEventHub, migration 0017), not hold the notify lock across its fsync.
        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT {JobEventHub.AnnouncedAfterCommit};
            UPDATE jobs j SET status = 'completed', progress_percentage = 100, progress_message = 'Done',
                              result = CAST(i.result AS jsonb), error = NULL, completed_at = @now,
                              file_key = i.file_key, size_bytes = i.size_bytes, pages = i.pages,
                              expires_at = CASE WHEN i.file_key IS NULL THEN NULL ELSE @expires END,
                              revision = j.revision + 1
            FROM unnest(@ids, @attempts, @results, @fileKeys, @sizes, @pages)
                AS i(id, attempt, result, file_key, size_bytes, pages)
            WHERE j.id = i.id AND j.attempts = i.attempt AND j.status NOT IN ({JobStatus.TerminalSql})
            RETURNING j.id, i.attempt
            """, c);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("expires", expires);
        cmd.Parameters.AddWithValue("ids", rows.Select(r => r.JobId).ToArray());
        cmd.Parameters.AddWithValue("attempts", rows.Select(r => r.Attempt).ToArray());
        cmd.Parameters.Add(ArrayOf("results", NpgsqlDbType.Text, rows.Select(r => (object?)r.ResultJson)));
        cmd.Parameters.Add(ArrayOf("fileKeys", NpgsqlDbType.Text, rows.Select(r => (object?)r.FileKey)));
        cmd.Parameters.Add(ArrayOf("sizes", NpgsqlDbType.Bigint, rows.Select(r => (object?)r.SizeBytes)));
        cmd.Parameters.Add(ArrayOf("pages", NpgsqlDbType.Integer, rows.Select(r => (object?)r.Pages)));
        var done = new HashSet<(Guid, int)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.NextResultAsync(ct); // past the setting
            while (await reader.ReadAsync(ct)) done.Add((reader.GetGuid(0), reader.GetInt32(1)));
        }
        return done;
    }

    private static NpgsqlParameter ArrayOf(string name, NpgsqlDbType type, IEnumerable<object?> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.Select(v => v ?? DBNull.Value).ToArray() };

    /// <summary>
    /// Heartbeats every attempt this worker runs in one statement. Returns the jobs still running here: an attempt
    /// not returned was cancelled, rescued or superseded, and its handler should stop.
    /// </summary>
    public static async Task<HashSet<(Guid, int)>> HeartbeatAsync(
        NpgsqlDataSource db,
        IReadOnlyList<(Guid Id, int Attempt)> running,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"""
            -- A heartbeat need not wait for the disk: one lost in a database crash only looks like a silence of one
            -- more interval, far below HeartbeatTimeout, and fencing on the attempt keeps any result single.
            SELECT {TransactionSettings.WithoutFsync};
            UPDATE jobs j SET heartbeat_at = @now FROM unnest(@ids, @attempts) AS r(id, attempt)
            WHERE j.id = r.id AND j.attempts = r.attempt AND j.status = 'processing'
            RETURNING j.id, j.attempts
            """,
            c
        );
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("ids", running.Select(r => r.Id).ToArray());
        cmd.Parameters.AddWithValue("attempts", running.Select(r => r.Attempt).ToArray());
        var alive = new HashSet<(Guid, int)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) alive.Add((reader.GetGuid(0), reader.GetInt32(1)));
        return alive;
    }

    /// <summary>
    /// Hands a claimed attempt back without counting it (this worker is shutting down): pending again, due now,
    /// no longer handed out.
    /// </summary>
    public static async Task ReleaseAsync(
        NpgsqlDataSource db,
        Guid id,
        int attempt,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            """
            UPDATE jobs SET status = 'pending', dispatched_attempt = attempts - 1, dispatched_at = NULL,
                            worker_id = NULL, heartbeat_at = NULL, run_after = @now
            WHERE id = @id AND attempts = @attempt AND status = 'processing';
            SELECT pg_notify('jobs', '');
            """,
            c
        );
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("attempt", attempt);
        cmd.Parameters.AddWithValue("now", now);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
