using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using ResumePair.Contracts.Exports;
using ResumePair.Documents.Client;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>A job row as the API and the consumers read it.</summary>
public sealed class Job
{
    public Guid Id { get; init; }
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }
    public int DispatchedAttempt { get; init; }
    public int ProgressPercentage { get; init; }
    public string? ProgressMessage { get; init; }
    public string? Error { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTime RunAfter { get; init; }
    public string Title { get; init; } = "";
    public string? FileKey { get; init; }
    public long? SizeBytes { get; init; }
    public int? Pages { get; init; }
    public int DownloadCount { get; init; }
    public string Payload { get; init; } = "{}";
    public string Type { get; init; } = "";
    public Guid DocumentId { get; init; }
    public long DocumentVersion { get; init; }
    public string TemplateId { get; init; } = "";
    public string? PageSize { get; init; }
    public long Revision { get; init; }
    public Guid? BatchId { get; init; }
    public string? WorkerId { get; init; }
    /// <summary>The completed job's result (jsonb as text).</summary>
    public string? Result { get; init; }
    public DateTime? HeartbeatAt { get; init; }
    public DateTime? DispatchedAt { get; init; }
    /// <summary>The W3C trace id of the request that created the job.</summary>
    public string? TraceId { get; init; }
}

/// <summary>
/// What the job snapshots at request time: enough to render without asking anyone again, the profile photo's bytes
/// included (the renderer has no network).
/// </summary>
public sealed record JobPayload(DocumentSnapshot Document, string TemplateId, string PageSize, PhotoAsset? Photo = null);

/// <summary>The jobs table's queries (Dapper, snake_case columns mapped by name).</summary>
public static class JobStore
{
    static JobStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    internal const string Columns =
        """
        id, status, attempts, max_attempts, dispatched_attempt, progress_percentage, progress_message, error, created_by,
        created_at, started_at, completed_at, expires_at, run_after, title, file_key, size_bytes, pages, download_count, payload::text AS payload,
        type, document_id, document_version, template_id, page_size, revision, batch_id, worker_id, heartbeat_at, dispatched_at, result::text AS result,
        trace_id
        """;

    public static Task<Job?> GetForUserAsync(NpgsqlDataSource db, Guid id, Guid userId, CancellationToken ct) =>
        QueryOne(db, $"SELECT {Columns} FROM jobs WHERE id = @id AND created_by = @userId", new { id, userId }, ct);

    public static Task<Job?> GetAsync(NpgsqlDataSource db, Guid id, CancellationToken ct) =>
        QueryOne(db, $"SELECT {Columns} FROM jobs WHERE id = @id", new { id }, ct);

    /// <summary>Locks the job row for the rest of the transaction (consumers and the scheduler serialise on it).</summary>
    public static Task<Job?> LockAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Job>(new CommandDefinition($"SELECT {Columns} FROM jobs WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));

    private static async Task<Job?> QueryOne(NpgsqlDataSource db, string sql, object args, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Job>(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    /// <summary>
    /// Counts the user's pending and processing jobs under a per-user transaction lock, so two concurrent
    /// requests cannot both see room for one more job.
    /// </summary>
    public static async Task<int> LockUserAndCountUnfinishedAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid userId, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = "export-user:" + userId }, tx, cancellationToken: ct));
        // A statement of its own: under READ COMMITTED it takes its snapshot after the lock is held, so it sees
        // the job the previous lock holder committed.
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(DISTINCT COALESCE(batch_id, id))::int FROM jobs WHERE created_by = @userId AND status IN ('pending', 'processing')",
            new { userId }, tx, cancellationToken: ct));
    }

    public static async Task InsertAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, Guid userId, JobPayload payload, int maxAttempts, DateTimeOffset now, CancellationToken ct,
        Guid? batchId = null)
    {
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO jobs (id, type, payload, status, attempts, max_attempts, run_after, created_by, created_at,
                              document_id, document_version, template_id, page_size, title, batch_id, trace_id)
            VALUES (@id, 'export_pdf', @payload, 'pending', 1, @max, @now, @user, @now, @doc, @version, @template, @pageSize, @title, @batch,
                    @trace)
            """, c, tx);
        cmd.Parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)JobTraces.CurrentId() ?? DBNull.Value });
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web) });
        cmd.Parameters.AddWithValue("max", maxAttempts);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("user", userId);
        cmd.Parameters.AddWithValue("doc", payload.Document.Id);
        cmd.Parameters.AddWithValue("version", payload.Document.Version);
        cmd.Parameters.AddWithValue("template", payload.TemplateId);
        cmd.Parameters.AddWithValue("pageSize", payload.PageSize);
        cmd.Parameters.AddWithValue("title", payload.Document.Title);
        cmd.Parameters.AddWithValue("batch", (object?)batchId ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Inserts a pending job of any type (no document columns unless given); the caller dispatches it. A document
    /// export's "template" is its format (json-resume unless named) and its version the snapshot's (0 when unknown).
    /// </summary>
    public static Task InsertGenericAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, string type, string payloadJson, Guid userId, int maxAttempts,
        DateTimeOffset now, CancellationToken ct, Guid? documentId = null, string? title = null, string queue = "default", int priority = 0,
        string? format = null, long? documentVersion = null) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO jobs (id, type, queue, priority, payload, status, attempts, max_attempts, run_after, created_by, created_at, document_id, document_version, template_id, title,
                              trace_id)
            VALUES (@id, @type, @queue, @priority, CAST(@payloadJson AS jsonb), 'pending', 1, @maxAttempts, @now, @userId, @now, @documentId,
                    CASE WHEN @documentId::uuid IS NULL THEN NULL ELSE COALESCE(@documentVersion::bigint, 0) END,
                    CASE WHEN @documentId::uuid IS NULL THEN NULL ELSE COALESCE(@format::text, 'json-resume') END, @title,
                    @traceId)
            """, new { id, type, queue, priority, payloadJson, maxAttempts, now, userId, documentId, title, traceId = JobTraces.CurrentId(),
                format, documentVersion },
            tx, cancellationToken: ct));

    public static Task LogAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid jobId, int attempt, string level, string message, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO job_logs (job_id, attempt, at, level, message) VALUES (@jobId, @attempt, @now, @level, @message)",
            new { jobId, attempt, now, level, message }, tx, cancellationToken: ct));

    public static JobPayload ReadPayload(Job job) =>
        JsonSerializer.Deserialize<JobPayload>(job.Payload, JsonSerializerOptions.Web) ?? throw new InvalidOperationException($"Job {job.Id} has no payload.");
}
