using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs;

public static partial class JobStore
{
    /// <summary>The caller's jobs of one batch, oldest first, each with its stored file when completed.</summary>
    public static async Task<List<BatchFile>> BatchFilesAsync(NpgsqlDataSource db, Guid batchId, Guid userId,
        CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<BatchFile>(new CommandDefinition(
            """
            SELECT j.id, j.status, j.title, j.template_id, j.page_size, j.expires_at, f.content, f.content_type
            FROM jobs j LEFT JOIN export_files f ON f.key = j.file_key AND j.status = 'completed'
            WHERE j.batch_id = @batchId AND j.created_by = @userId ORDER BY j.created_at, j.id
            """, new { batchId, userId }, cancellationToken: ct))).ToList();
    }

    public static async Task CountDownloadsAsync(NpgsqlDataSource db, Guid[] ids, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET download_count = download_count + 1 WHERE id = ANY(@ids)", new { ids }, cancellationToken: ct));
    }
}
