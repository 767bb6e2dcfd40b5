using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>GET /history: the caller's completed exports, newest first, with optional totals.</summary>
public static class ExportHistoryApi
{
    public static IEndpointRouteBuilder MapExportHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/export").WithTags("Exports").RequireAuthorization().MapGet("/history", GetHistory);
        return app;
    }

    public static async Task<IResult> GetHistory(
        HttpContext http,
        NpgsqlDataSource db,
        IOptions<ExportOptions> options,
        TimeProvider time,
        CancellationToken ct,
        int? limit = null,
        int? offset = null,
        Guid? documentId = null,
        bool stats = false
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > 100) errors["limit"] = ["limit must be between 1 and 100."];
        if (offset is < 0) errors["offset"] = ["offset must not be negative."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var userId = http.User.UserId();
        var now = time.GetUtcNow();
        var rows = await JobStore.HistoryAsync(db, userId, documentId, limit ?? 20, offset ?? 0, ct);
        var items = rows.Select(r =>
            {
                var expired = r.ExpiresAt is { } e && e <= now.UtcDateTime;
                return new HistoryItem(
                    r.Id,
                    r.Type,
                    r.DocumentId,
                    r.DocumentVersion,
                    r.TemplateId,
                    r.PageSize,
                    r.Title,
                    r.SizeBytes,
                    r.Pages,
                    r.DownloadCount,
                    JobViews.Utc(r.CreatedAt),
                    JobViews.Utc(r.CompletedAt!.Value),
                    JobViews.UtcOrNull(r.ExpiresAt),
                    expired,
                    expired ? null : $"/api/v1/export/download/{r.Id}"
                );
            })
            .ToList();

        HistoryStats? totals = null;
        if (stats)
            totals = await JobStore.HistoryStatsAsync(db, userId, documentId, options.Value.StorageQuotaBytes, now, ct);
        return TypedResults.Ok(new HistoryPage(items, limit ?? 20, offset ?? 0, totals));
    }
}

public sealed record HistoryItem(
    Guid JobId,
    string Type,
    Guid DocumentId,
    long DocumentVersion,
    string TemplateId,
    string? PageSize,
    string Title,
    long? SizeBytes,
    int? Pages,
    int Downloads,
    DateTimeOffset CreatedAt,
    DateTimeOffset CompletedAt,
    DateTimeOffset? ExpiresAt,
    bool Expired,
    string? DownloadUrl
);

public sealed record HistoryPage(IReadOnlyList<HistoryItem> Items, int Limit, int Offset, HistoryStats? Stats);
