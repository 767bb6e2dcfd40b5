using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>A live export whose file an identical request may reuse.</summary>
public sealed class ReusableExport
{
    public Guid Id { get; init; }
    public string FileKey { get; init; } = "";
    public long? SizeBytes { get; init; }
    public int? Pages { get; init; }
    public string? Result { get; init; }
}

/// <summary>One stored export file of a user, named by the job that made it.</summary>
public sealed class UserFileRow
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string TemplateId { get; init; } = "";
    public string? PageSize { get; init; }
    public string ContentType { get; init; } = "";
    public long SizeBytes { get; init; }
    public DateTime CompletedAt { get; init; }
}

/// <summary>One file of a user's live exports (a file shared by reused exports is one).</summary>
public sealed class LiveFile
{
    public string FileKey { get; init; } = "";
    public long? Size { get; init; }
    public DateTime? ExpiresAt { get; init; }
}

/// <summary>What identifies one export: the same key prints the same file.</summary>
/// <param name="WithPhoto">Whether the render carries the profile photo: a render made while the photo could not be
/// fetched (still being resized) must not stand in for one that has it, though the document version is the same;
/// the other way round is fine.</param>
public sealed record ExportKey(Guid UserId, Guid DocumentId, long Version, string TemplateId, string PageSize,
    bool WithPhoto);

/// <summary>The jobs SQL of exports: reuse, renders' progress and results, storage quota, history, downloads.</summary>
public static partial class JobStore
{
    public static Task<ReusableExport?> FindReusableAsync(NpgsqlConnection c, NpgsqlTransaction tx, ExportKey key,
        DateTimeOffset now, CancellationToken ct) =>
        c.QueryFirstOrDefaultAsync<ReusableExport>(new CommandDefinition(
            """
            SELECT id, file_key, size_bytes, pages, result::text AS result FROM jobs
            WHERE created_by = @UserId AND document_id = @DocumentId AND document_version = @Version
              AND template_id = @TemplateId AND page_size = @PageSize AND type = 'export_pdf' AND status = 'completed'
              AND file_key IS NOT NULL AND expires_at > @now
              AND (NOT @WithPhoto OR jsonb_typeof(payload->'photo') = 'object')
            ORDER BY completed_at DESC LIMIT 1
            """, new { key.UserId, key.DocumentId, key.Version, key.TemplateId, key.PageSize, key.WithPhoto, now },
            tx, cancellationToken: ct));

    /// <summary>An unfinished identical export (a published resume's visitors join it instead of rendering
    /// again).</summary>
    public static Task<Guid?> FindUnfinishedExportAsync(NpgsqlConnection c, NpgsqlTransaction tx, ExportKey key,
        CancellationToken ct) =>
        c.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            SELECT id FROM jobs
            WHERE created_by = @UserId AND document_id = @DocumentId AND document_version = @Version
              AND template_id = @TemplateId AND page_size = @PageSize AND type = 'export_pdf'
              AND status IN ('pending', 'processing')
              AND (NOT @WithPhoto OR jsonb_typeof(payload->'photo') = 'object')
            ORDER BY created_at DESC LIMIT 1
            """, new { key.UserId, key.DocumentId, key.Version, key.TemplateId, key.PageSize, key.WithPhoto }, tx,
            cancellationToken: ct));

    /// <summary>Turns a just-inserted pending job into a completed copy of <paramref name="source"/>.</summary>
    public static Task CompleteAsReuseAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid jobId,
        ReusableExport source,
        DateTimeOffset expires,
        DateTimeOffset now,
        CancellationToken ct
    ) =>
        c.ExecuteAsync(
            new CommandDefinition(
                """
                UPDATE jobs SET status = 'completed', progress_percentage = 100, progress_message = 'Done (reused)',
                                result = CAST(@result AS jsonb), started_at = @now, completed_at = @now,
                                expires_at = @expires,
                                file_key = @fileKey, size_bytes = @size, pages = @pages
                WHERE id = @jobId
                """,
                new
                {
                    jobId,
                    result = source.Result,
                    now,
                    expires,
                    fileKey = source.FileKey,
                    size = source.SizeBytes,
                    pages = source.Pages,
                },
                tx,
                cancellationToken: ct
            )
        );

    /// <summary>Attempt <paramref name="attempt"/> went out (to the renderers): what the run-time limit counts
    /// from.</summary>
    public static Task MarkDispatchedAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid jobId, int attempt,
        DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET dispatched_attempt = @attempt, dispatched_at = @now WHERE id = @jobId",
            new { jobId, attempt, now }, tx, cancellationToken: ct));

    /// <summary>A renderer's progress report, which is also its heartbeat; the first one makes the job
    /// processing.</summary>
    public static Task MarkRenderProgressAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, string? worker,
        int percentage, string? text, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET status = 'processing', started_at = COALESCE(started_at, @now), heartbeat_at = @now,
                            worker_id = @worker, progress_percentage = GREATEST(progress_percentage, @percentage),
                            progress_message = @text
            WHERE id = @id
            """, new { id, now, worker, percentage, text }, tx, cancellationToken: ct));

    /// <summary>A rendered attempt's file becomes the job's: completed, an export until
    /// <paramref name="expires"/>.</summary>
    public static Task CompleteWithFileAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, string resultJson,
        string? worker, string fileKey, long size, int? pages, DateTimeOffset expires, DateTimeOffset now,
        CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET status = 'completed', progress_percentage = 100, progress_message = 'Done',
                            result = CAST(@resultJson AS jsonb), error = NULL, worker_id = @worker, completed_at = @now,
                            started_at = COALESCE(started_at, @now), expires_at = @expires, file_key = @fileKey,
                            size_bytes = @size, pages = @pages
            WHERE id = @id
            """, new { id, resultJson, worker, now, expires, fileKey, size, pages }, tx, cancellationToken: ct));

    /// <summary>The user's live export files other than <paramref name="jobId"/>'s, oldest first.</summary>
    public static async Task<List<LiveFile>> LiveFilesAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid userId,
        Guid jobId, DateTimeOffset now, CancellationToken ct) =>
        (await c.QueryAsync<LiveFile>(new CommandDefinition(
            """
            SELECT file_key, max(size_bytes) AS size, max(expires_at) AS expires_at FROM jobs
            WHERE created_by = @userId AND status = 'completed' AND file_key IS NOT NULL AND expires_at > @now
              AND id <> @jobId
            GROUP BY file_key ORDER BY max(completed_at)
            """, new { userId, now, jobId }, tx, cancellationToken: ct))).ToList();

    public static Task ExpireFilesAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid userId,
        string[] fileKeys,
        DateTimeOffset now,
        CancellationToken ct
    ) =>
        c.ExecuteAsync(
            new CommandDefinition(
                "UPDATE jobs SET expires_at = @now WHERE created_by = @userId AND file_key = ANY(@fileKeys) "
                    + "AND status = 'completed'",
                new
                {
                    userId,
                    now,
                    fileKeys,
                },
                tx,
                cancellationToken: ct
            )
        );

    /// <summary>The jobs of one of the user's batches, in the order they were asked for; empty for another
    /// user's.</summary>
    public static async Task<List<Job>> BatchAsync(NpgsqlDataSource db, Guid batchId, Guid userId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<Job>(new CommandDefinition(
            $"SELECT {Columns} FROM jobs WHERE batch_id = @batchId AND created_by = @userId ORDER BY created_at, id",
            new { batchId, userId }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// A user's export files still stored, oldest first (the data archive's <c>exports/</c>): once each, by the first
    /// job that made it (reused exports share their file).
    /// </summary>
    public static async Task<List<UserFileRow>> FilesOfUserAsync(NpgsqlDataSource db, Guid userId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (
            await c.QueryAsync<UserFileRow>(
                new CommandDefinition(
                    """
                    SELECT * FROM (
                        SELECT DISTINCT ON (f.key) j.id, j.title, j.template_id, j.page_size, f.content_type,
                               f.size AS size_bytes, j.completed_at
                        FROM jobs j JOIN export_files f ON f.key = j.file_key
                        WHERE j.created_by = @userId AND j.status = 'completed'
                        ORDER BY f.key, j.completed_at, j.id) files
                    ORDER BY completed_at, id
                    """,
                    new { userId },
                    cancellationToken: ct
                )
            )
        ).ToList();
    }

    public static async Task CountDownloadAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET download_count = download_count + 1 WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>The user's completed exports (imports produce a resume, not a file), newest first.</summary>
    public static async Task<List<HistoryRow>> HistoryAsync(
        NpgsqlDataSource db,
        Guid userId,
        Guid? documentId,
        int limit,
        int offset,
        CancellationToken ct
    )
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (
            await c.QueryAsync<HistoryRow>(
                new CommandDefinition(
                    """
                    SELECT id, type, document_id, document_version, template_id, page_size, title, size_bytes, pages,
                           download_count, created_at, completed_at, expires_at
                    FROM jobs
                    WHERE created_by = @userId AND status = 'completed'
                        AND (@documentId::uuid IS NULL OR document_id = @documentId)
                      AND type <> 'import_resume'
                    ORDER BY completed_at DESC, id DESC LIMIT @limit OFFSET @offset
                    """,
                    new
                    {
                        userId,
                        documentId,
                        limit,
                        offset,
                    },
                    cancellationToken: ct
                )
            )
        ).ToList();
    }

    public static async Task<HistoryStats> HistoryStatsAsync(NpgsqlDataSource db, Guid userId, Guid? documentId,
        long quota, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleAsync<HistoryStats>(new CommandDefinition(
            """
            SELECT count(*)::int AS exports,
                   count(*) FILTER (WHERE expires_at > @now)::int AS live_exports,
                   COALESCE(sum(download_count), 0)::bigint AS downloads,
                   COALESCE((SELECT sum(size) FROM (SELECT DISTINCT ON (file_key) size_bytes AS size FROM jobs
                             WHERE created_by = @userId AND status = 'completed' AND file_key IS NOT NULL
                               AND expires_at > @now) f), 0)::bigint AS storage_used_bytes,
                   @quota AS storage_quota_bytes,
                   count(*) FILTER (WHERE completed_at > @weekAgo)::int AS exports_last7_days
            FROM jobs WHERE created_by = @userId AND status = 'completed'
              AND (@documentId::uuid IS NULL OR document_id = @documentId) AND type <> 'import_resume'
            """, new { userId, documentId, now, weekAgo = now - TimeSpan.FromDays(7), quota }, cancellationToken: ct));
    }

    /// <summary>
    /// Files no live export points at: expired exports, and uploads of attempts that never completed (created before
    /// <paramref name="cutoff"/>, the longest run-time limit they could still complete within).
    /// </summary>
    public static async Task<int> DeleteUnreferencedFilesAsync(
        NpgsqlConnection c,
        DateTimeOffset cutoff,
        DateTimeOffset now,
        CancellationToken ct
    ) =>
        await c.ExecuteAsync(
            new CommandDefinition(
                """
                DELETE FROM export_files f
                WHERE f.created_at < @cutoff
                  AND NOT EXISTS (SELECT 1 FROM jobs j
                                  WHERE j.file_key = f.key AND j.status = 'completed' AND j.expires_at > @now)
                """,
                new { cutoff, now },
                cancellationToken: ct
            )
        );

    /// <summary>Finished jobs (and log lines) older than <paramref name="before"/> whose export, if any, has
    /// expired.</summary>
    public static async Task<(int Jobs, int Logs)> PruneAsync(
        NpgsqlConnection c,
        DateTimeOffset before,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        var jobs = await c.ExecuteAsync(
            new CommandDefinition(
                """
                DELETE FROM jobs WHERE status IN ('completed', 'failed', 'cancelled', 'dead_letter')
                    AND completed_at < @before
                  AND (expires_at IS NULL OR expires_at < @now)
                """,
                new { before, now },
                cancellationToken: ct
            )
        );
        var logs = await c.ExecuteAsync(new CommandDefinition("DELETE FROM job_logs WHERE at < @before", new { before },
            cancellationToken: ct));
        return (jobs, logs);
    }
}

public sealed class HistoryRow
{
    public Guid Id { get; init; }
    public string Type { get; init; } = "";
    public Guid DocumentId { get; init; }
    public long DocumentVersion { get; init; }
    public string TemplateId { get; init; } = "";
    public string? PageSize { get; init; }
    public string Title { get; init; } = "";
    public long? SizeBytes { get; init; }
    public int? Pages { get; init; }
    public int DownloadCount { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
}

public sealed class HistoryStats
{
    public int Exports { get; init; }
    public int LiveExports { get; init; }
    public long Downloads { get; init; }
    public long StorageUsedBytes { get; init; }
    public long StorageQuotaBytes { get; init; }
    public int ExportsLast7Days { get; init; }
}
