using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>The columns of a new job row; document columns only for jobs about a document.</summary>
public sealed record NewJobRow(string Type, string PayloadJson, Guid CreatedBy)
{
    public Guid? DocumentId { get; init; }
    public long? DocumentVersion { get; init; }
    public string? TemplateId { get; init; }
    public string? PageSize { get; init; }
    public string? Title { get; init; }
    public Guid? BatchId { get; init; }
    public string Queue { get; init; } = "default";
    public int Priority { get; init; }
}

/// <summary>
/// The one home of the <c>jobs</c> table's SQL (and of <c>job_logs</c>): every feature reads and changes jobs through
/// these named queries (Dapper, snake_case columns mapped by name). This file: reads, inserts, logs and commands;
/// the others: the queue (claim, complete, heartbeat), the scheduler, exports, and statistics.
/// </summary>
public static partial class JobStore
{
    static JobStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    internal const string Columns = """
        id, status, attempts, max_attempts, dispatched_attempt, progress_percentage, progress_message, error,
        created_by, created_at, started_at, completed_at, expires_at, run_after, title, file_key, size_bytes, pages,
        download_count, payload::text AS payload, type, document_id, document_version, template_id, page_size,
        revision, batch_id, worker_id, heartbeat_at, dispatched_at, result::text AS result, trace_id
        """;

    public static Task<Job?> GetForUserAsync(NpgsqlDataSource db, Guid id, Guid userId, CancellationToken ct) =>
        QueryOne(db, $"SELECT {Columns} FROM jobs WHERE id = @id AND created_by = @userId", new { id, userId }, ct);

    public static Task<Job?> GetAsync(NpgsqlDataSource db, Guid id, CancellationToken ct) =>
        QueryOne(db, $"SELECT {Columns} FROM jobs WHERE id = @id", new { id }, ct);

    /// <summary>Locks the job row for the rest of the transaction (consumers and the scheduler serialise on
    /// it).</summary>
    public static Task<Job?> LockAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Job>(new CommandDefinition(
            $"SELECT {Columns} FROM jobs WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));

    private static async Task<Job?> QueryOne(NpgsqlDataSource db, string sql, object args, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Job>(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    /// <summary>
    /// Counts the user's pending and processing jobs under a per-user transaction lock, so two concurrent
    /// requests cannot both see room for one more job.
    /// </summary>
    public static async Task<int> LockUserAndCountUnfinishedAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid userId,
        CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = "export-user:" + userId }, tx, cancellationToken: ct));
        // A statement of its own: under READ COMMITTED it takes its snapshot after the lock is held, so it sees
        // the job the previous lock holder committed.
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            SELECT count(DISTINCT COALESCE(batch_id, id))::int FROM jobs
            WHERE created_by = @userId AND status IN ('pending', 'processing')
            """, new { userId }, tx, cancellationToken: ct));
    }

    /// <summary>Jobs the user created since <paramref name="since"/> (the hourly limit), in any status.</summary>
    public static Task<int> CountCreatedSinceAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid userId,
        DateTimeOffset since,
        CancellationToken ct
    ) =>
        c.ExecuteScalarAsync<int>(
            new CommandDefinition(
                "SELECT count(*)::int FROM jobs WHERE created_by = @userId AND created_at > @since "
                    + $"AND {JobStatus.AnySql}",
                new { userId, since },
                tx,
                cancellationToken: ct
            )
        );

    /// <summary>Deletes every job of a user (an account deleted) and their stored files. Returns (jobs,
    /// files).</summary>
    public static async Task<(int Jobs, int Files)> DeleteUserAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid userId,
        CancellationToken ct
    )
    {
        var files = await c.ExecuteAsync(new CommandDefinition(
            $"""
            DELETE FROM export_files f USING jobs j
            WHERE j.created_by = @userId AND {JobStatus.AnyOf("j.status")}
              AND f.key LIKE 'exports/' || replace(j.id::text, '-', '') || '/%'
            """, new { userId }, tx, cancellationToken: ct));
        var jobs = await c.ExecuteAsync(
            new CommandDefinition(
                $"DELETE FROM jobs WHERE created_by = @userId AND {JobStatus.AnySql}",
                new { userId },
                tx,
                cancellationToken: ct
            )
        );
        return (jobs, files);
    }

    /// <summary>Inserts a pending job at attempt 1, due now; the caller dispatches it or wakes the workers.</summary>
    public static async Task InsertAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid id,
        NewJobRow job,
        int maxAttempts,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO jobs (id, type, queue, priority, payload, status, attempts, max_attempts, run_after, created_by,
                              created_at, document_id, document_version, template_id, page_size, title, batch_id,
                              trace_id, trace_parent)
            VALUES (@id, @type, @queue, @priority, @payload, 'pending', 1, @max, @now, @user, @now, @doc, @version,
                    @template, @pageSize, @title, @batch, @trace, @traceParent)
            """,
            c,
            tx
        );
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("type", job.Type);
        cmd.Parameters.AddWithValue("queue", job.Queue);
        cmd.Parameters.AddWithValue("priority", job.Priority);
        cmd.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = job.PayloadJson });
        cmd.Parameters.AddWithValue("max", maxAttempts);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("user", job.CreatedBy);
        cmd.Parameters.Add(Nullable("doc", NpgsqlDbType.Uuid, job.DocumentId));
        cmd.Parameters.Add(Nullable("version", NpgsqlDbType.Bigint, job.DocumentVersion));
        cmd.Parameters.Add(Nullable("template", NpgsqlDbType.Text, job.TemplateId));
        cmd.Parameters.Add(Nullable("pageSize", NpgsqlDbType.Text, job.PageSize));
        cmd.Parameters.Add(Nullable("title", NpgsqlDbType.Text, job.Title));
        cmd.Parameters.Add(Nullable("batch", NpgsqlDbType.Uuid, job.BatchId));
        cmd.Parameters.Add(Nullable("trace", NpgsqlDbType.Text, JobTraces.CurrentId()));
        cmd.Parameters.Add(Nullable("traceParent", NpgsqlDbType.Text, TraceParent()));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    public static Task LogAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid jobId,
        int attempt,
        string level,
        string message,
        DateTimeOffset now,
        CancellationToken ct
    ) =>
        c.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO job_logs (job_id, attempt, at, level, message) VALUES (@jobId, @attempt, @now, @level, "
                    + "@message)",
                new
                {
                    jobId,
                    attempt,
                    now,
                    level,
                    message,
                },
                tx,
                cancellationToken: ct
            )
        );

    /// <summary>
    /// The job's log. An in-process attempt's success is recorded in the job row only (the engine's completion batch
    /// writes no log row, #21): its line comes from the row (attempt, worker, time), last, as a completed job is final.
    /// Completions that log a line of their own (renders) are shown as logged.
    /// </summary>
    public static async Task<List<JobLogLine>> LogsAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (
            await c.QueryAsync<JobLogLine>(
                new CommandDefinition(
                    """
                    SELECT attempt, at, level, message FROM (
                        SELECT id AS seq, attempt, at, level, message FROM job_logs WHERE job_id = @id
                        UNION ALL
                        SELECT NULL, j.attempts, j.completed_at, 'info',
                               'Attempt ' || j.attempts || ' completed on ' || j.worker_id
                        FROM jobs j
                        WHERE j.id = @id AND j.status = 'completed' AND j.worker_id IS NOT NULL
                          AND NOT EXISTS (SELECT 1 FROM job_logs l WHERE l.job_id = j.id AND l.attempt = j.attempts
                                          AND l.message LIKE 'Attempt % completed%')
                    ) l ORDER BY seq NULLS LAST
                    """,
                    new { id },
                    cancellationToken: ct
                )
            )
        ).ToList();
    }

    /// <summary>Every user's jobs, newest first, filtered by status and type, with the total (operators).</summary>
    public static async Task<(List<Job> Jobs, long Total)> ListAsync(NpgsqlDataSource db, string? status, string? type,
        int limit, int offset, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await ListAsync(c, null, status, type, limit, offset, ct);
    }

    internal static async Task<(List<Job> Jobs, long Total)> ListAsync(NpgsqlConnection c, NpgsqlTransaction? tx,
        string? status, string? type, int limit, int offset, CancellationToken ct)
    {
        var args = new { status, type, limit, offset };
        const string where =
            "WHERE (@status::text IS NULL OR status = @status) AND (@type::text IS NULL OR type = @type)";
        var jobs = await c.QueryAsync<Job>(
            new CommandDefinition(
                $"SELECT {Columns} FROM jobs {where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset",
                args,
                tx,
                cancellationToken: ct
            )
        );
        var total = await c.ExecuteScalarAsync<long>(
            new CommandDefinition($"SELECT count(*) FROM jobs {where}", args, tx, cancellationToken: ct)
        );
        return (jobs.ToList(), total);
    }

    /// <summary>The oldest dead-lettered jobs' ids.</summary>
    public static async Task<List<Guid>> DeadLetteredAsync(NpgsqlDataSource db, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await DeadLetteredAsync(c, null, limit, ct);
    }

    internal static async Task<List<Guid>> DeadLetteredAsync(NpgsqlConnection c, NpgsqlTransaction? tx, int limit,
        CancellationToken ct) =>
        (await c.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM jobs WHERE status = 'dead_letter' ORDER BY created_at LIMIT @limit", new { limit }, tx,
            cancellationToken: ct))).ToList();

    public static Task CancelAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid id,
        string error,
        DateTimeOffset now,
        CancellationToken ct
    ) =>
        c.ExecuteAsync(
            new CommandDefinition(
                "UPDATE jobs SET status = 'cancelled', completed_at = @now, error = @error, heartbeat_at = NULL "
                    + "WHERE id = @id",
                new
                {
                    id,
                    now,
                    error,
                },
                tx,
                cancellationToken: ct
            )
        );

    /// <summary>A finished job back to pending as <paramref name="attempt"/>, due now (a retry by a user or
    /// operator).</summary>
    public static Task ReopenAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, int attempt, DateTimeOffset now,
        CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET status = 'pending', attempts = @attempt, max_attempts = GREATEST(max_attempts, @attempt),
                            run_after = @now, error = NULL, completed_at = NULL, progress_percentage = 0,
                            progress_message = NULL, worker_id = NULL, heartbeat_at = NULL
            WHERE id = @id
            """, new { id, attempt, now }, tx, cancellationToken: ct));

    /// <summary>The attempt ends for good: failed or dead_letter.</summary>
    public static Task FinishFailedAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, string status, string error,
        DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET status = @status, error = @error, completed_at = @now WHERE id = @id",
            new { id, status, error, now }, tx, cancellationToken: ct));

    /// <summary>The next attempt, due at <paramref name="runAfter"/> (the backoff).</summary>
    public static Task ScheduleNextAttemptAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, string error,
        DateTimeOffset runAfter, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET status = 'pending', attempts = attempts + 1, run_after = @runAfter, error = @error,
                            progress_percentage = 0, progress_message = NULL, worker_id = NULL, heartbeat_at = NULL
            WHERE id = @id
            """, new { id, runAfter, error }, tx, cancellationToken: ct));

    /// <summary>
    /// A running attempt's stage, fenced on the attempt so a superseded attempt cannot overwrite a newer one. The
    /// revision trigger bumps the revision and notifies SSE streams on every replica.
    /// </summary>
    public static async Task ReportProgressAsync(
        NpgsqlDataSource db,
        Guid jobId,
        int attempt,
        int percentage,
        string message,
        CancellationToken ct
    )
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET progress_percentage = @percentage, progress_message = @message
            WHERE id = @jobId AND attempts = @attempt AND status = 'processing'
            """, new { jobId, attempt, percentage, message }, cancellationToken: ct));
    }
}

/// <summary>One line of a job's log.</summary>
public sealed class JobLogLine
{
    public int Attempt { get; init; }
    public DateTime At { get; init; }
    public string Level { get; init; } = "";
    public string Message { get; init; } = "";
}
