using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// The per-user storage quota (bytes of live exports; a file shared by reused exports counts once). A new export
/// makes room by expiring the user's oldest live exports; a single file larger than the whole quota cannot be kept.
/// Runs in the completing transaction, which holds the job row; the user's advisory lock serialises completions.
/// </summary>
public static class StorageQuota
{
    /// <returns>False when the file alone exceeds the quota.</returns>
    public static async Task<bool> MakeRoomAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid userId, Guid jobId, long newBytes, long quota, DateTimeOffset now, CancellationToken ct)
    {
        if (newBytes > quota) return false;
        await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = "export-storage:" + userId }, tx, cancellationToken: ct));
        var live = (await c.QueryAsync<LiveFile>(new CommandDefinition(
            """
            SELECT file_key, max(size_bytes) AS size, max(expires_at) AS expires_at FROM jobs
            WHERE created_by = @userId AND status = 'completed' AND file_key IS NOT NULL AND expires_at > @now AND id <> @jobId
            GROUP BY file_key ORDER BY max(completed_at)
            """, new { userId, now, jobId }, tx, cancellationToken: ct))).ToList();
        var used = live.Sum(f => f.Size ?? 0);
        var expire = new List<string>();
        foreach (var file in live)
        {
            if (used + newBytes <= quota) break;
            expire.Add(file.FileKey);
            used -= file.Size ?? 0;
        }
        if (expire.Count > 0)
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE jobs SET expires_at = @now WHERE created_by = @userId AND file_key = ANY(@expire) AND status = 'completed'",
                new { userId, now, expire }, tx, cancellationToken: ct));
        return true;
    }

    private sealed class LiveFile
    {
        public string FileKey { get; init; } = "";
        public long? Size { get; init; }
        public DateTime? ExpiresAt { get; init; }
    }
}
