using Dapper;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>
/// The per-user storage quota (bytes of live exports; a file shared by reused exports counts once). A new export
/// makes room by expiring the user's oldest live exports; a single file larger than the whole quota cannot be kept.
/// Runs in the completing transaction, which holds the job row; the user's advisory lock serialises completions.
/// </summary>
public static class StorageQuota
{
    /// <returns>False when the file alone exceeds the quota.</returns>
    public static async Task<bool> MakeRoomAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid userId,
        Guid jobId,
        long newBytes,
        long quota,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        if (newBytes > quota) return false;
        await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = "export-storage:" + userId }, tx, cancellationToken: ct));
        var live = await JobStore.LiveFilesAsync(c, tx, userId, jobId, now, ct);
        var used = live.Sum(f => f.Size ?? 0);
        var expire = new List<string>();
        foreach (var file in live)
        {
            if (used + newBytes <= quota) break;
            expire.Add(file.FileKey);
            used -= file.Size ?? 0;
        }
        if (expire.Count > 0) await JobStore.ExpireFilesAsync(c, tx, userId, expire.ToArray(), now, ct);
        return true;
    }
}
