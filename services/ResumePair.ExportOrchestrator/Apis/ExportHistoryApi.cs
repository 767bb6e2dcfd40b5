using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>GET /history: the caller's completed exports, newest first, with optional totals.</summary>
public static class ExportHistoryApi
{
    public static async Task<IResult> GetHistory(HttpContext http, NpgsqlDataSource db, IOptions<ExportOptions> options, TimeProvider time, CancellationToken ct,
        int? limit = null, int? offset = null, Guid? documentId = null, bool stats = false)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > 100) errors["limit"] = ["limit must be between 1 and 100."];
        if (offset is < 0) errors["offset"] = ["offset must not be negative."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var userId = http.User.UserId();
        var now = time.GetUtcNow();
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = (await c.QueryAsync<HistoryRow>(new CommandDefinition(
            """
            SELECT id, type, document_id, document_version, template_id, page_size, title, size_bytes, pages, download_count,
                   created_at, completed_at, expires_at
            FROM jobs
            WHERE created_by = @userId AND status = 'completed' AND (@documentId::uuid IS NULL OR document_id = @documentId)
              AND type <> 'import_resume' -- an import produced a resume, not a file to download
            ORDER BY completed_at DESC, id DESC LIMIT @limit OFFSET @offset
            """, new { userId, documentId, limit = limit ?? 20, offset = offset ?? 0 }, cancellationToken: ct))).ToList();
        var items = rows.Select(r =>
        {
            var expired = r.ExpiresAt is { } e && e <= now.UtcDateTime;
            return new HistoryItem(r.Id, r.Type, r.DocumentId, r.DocumentVersion, r.TemplateId, r.PageSize, r.Title, r.SizeBytes, r.Pages, r.DownloadCount,
                Utc(r.CreatedAt), Utc(r.CompletedAt!.Value), r.ExpiresAt is { } x ? Utc(x) : null, expired,
                expired ? null : $"/api/v1/export/download/{r.Id}");
        }).ToList();

        HistoryStats? totals = null;
        if (stats)
            totals = await c.QuerySingleAsync<HistoryStats>(new CommandDefinition(
                """
                SELECT count(*)::int AS exports,
                       count(*) FILTER (WHERE expires_at > @now)::int AS live_exports,
                       COALESCE(sum(download_count), 0)::bigint AS downloads,
                       COALESCE((SELECT sum(size) FROM (SELECT DISTINCT ON (file_key) size_bytes AS size FROM jobs
                                 WHERE created_by = @userId AND status = 'completed' AND file_key IS NOT NULL AND expires_at > @now) f), 0)::bigint AS storage_used_bytes,
                       @quota AS storage_quota_bytes,
                       count(*) FILTER (WHERE completed_at > @weekAgo)::int AS exports_last7_days
                FROM jobs WHERE created_by = @userId AND status = 'completed' AND (@documentId::uuid IS NULL OR document_id = @documentId)
                  AND type <> 'import_resume'
                """, new { userId, documentId, now, weekAgo = now - TimeSpan.FromDays(7), quota = options.Value.StorageQuotaBytes }, cancellationToken: ct));
        return TypedResults.Ok(new HistoryPage(items, limit ?? 20, offset ?? 0, totals));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

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
}

public sealed record HistoryItem(Guid JobId, string Type, Guid DocumentId, long DocumentVersion, string TemplateId, string? PageSize, string Title,
    long? SizeBytes, int? Pages, int Downloads, DateTimeOffset CreatedAt, DateTimeOffset CompletedAt, DateTimeOffset? ExpiresAt, bool Expired, string? DownloadUrl);

public sealed record HistoryPage(IReadOnlyList<HistoryItem> Items, int Limit, int Offset, HistoryStats? Stats);

public sealed class HistoryStats
{
    public int Exports { get; init; }
    public int LiveExports { get; init; }
    public long Downloads { get; init; }
    public long StorageUsedBytes { get; init; }
    public long StorageQuotaBytes { get; init; }
    public int ExportsLast7Days { get; init; }
}
