using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// An identical request (same user, document version, template and page size) while an earlier export of it is
/// still live: the new job completes at once and points at the same file, so nothing renders twice. The file is
/// kept as long as any live job points at it (see the purge), so each job keeps its own 7-day expiry.
/// </summary>
public static class ExportReuse
{
    public sealed class Source
    {
        public Guid Id { get; init; }
        public string FileKey { get; init; } = "";
        public long? SizeBytes { get; init; }
        public int? Pages { get; init; }
        public string? Result { get; init; }
    }

    public static Task<Source?> FindAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid userId, JobPayload payload, DateTimeOffset now, CancellationToken ct) =>
        c.QueryFirstOrDefaultAsync<Source>(new CommandDefinition(
            """
            SELECT id, file_key, size_bytes, pages, result::text AS result FROM jobs
            WHERE created_by = @userId AND document_id = @doc AND document_version = @version AND template_id = @template
              AND page_size = @pageSize AND type = 'export_pdf' AND status = 'completed' AND file_key IS NOT NULL AND expires_at > @now
            ORDER BY completed_at DESC LIMIT 1
            """, new { userId, doc = payload.Document.Id, version = payload.Document.Version, template = payload.TemplateId, pageSize = payload.PageSize, now },
            tx, cancellationToken: ct));

    /// <summary>Turns a just-inserted pending job into a completed copy of <paramref name="source"/>; no outbox message.</summary>
    public static async Task CompleteFromAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid jobId, Source source, TimeSpan lifetime, DateTimeOffset now, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET status = 'completed', progress_percentage = 100, progress_message = 'Done (reused)', result = CAST(@result AS jsonb),
                            started_at = @now, completed_at = @now, expires_at = @expires, file_key = @fileKey, size_bytes = @size, pages = @pages
            WHERE id = @jobId
            """, new { jobId, result = source.Result, now, expires = now + lifetime, fileKey = source.FileKey, size = source.SizeBytes, pages = source.Pages },
            tx, cancellationToken: ct));
        await JobStore.LogAsync(c, tx, jobId, 1, "info", $"Identical to export {source.Id}: reused its file, nothing rendered", now, ct);
    }
}
