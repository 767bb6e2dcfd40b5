using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>A stored export file.</summary>
public sealed class StoredFile
{
    public byte[] Content { get; init; } = [];
    public string ContentType { get; init; } = "";
}

/// <summary>
/// The one home of the <c>export_files</c> table's SQL: the orchestrator's own file storage, reachable by every
/// replica (an S3 bucket would replace it). One file per job attempt (<see cref="FileKeys"/>).
/// </summary>
public static class ExportFileStore
{
    /// <summary>Idempotent per key: a renderer retrying its upload (or an attempt run again) replaces the same
    /// file.</summary>
    public static async Task PutAsync(
        NpgsqlDataSource db,
        string key,
        byte[] content,
        string contentType,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO export_files (key, content, size, content_type, created_at)
            VALUES (@key, @content, @size, @contentType, @now)
            ON CONFLICT (key) DO UPDATE SET content = EXCLUDED.content, size = EXCLUDED.size,
                                            created_at = EXCLUDED.created_at
            """, new { key, content, size = (long)content.Length, contentType, now }, cancellationToken: ct));
    }

    /// <returns>The file's size, or null when nothing was uploaded under the key.</returns>
    public static Task<long?> SizeAsync(NpgsqlConnection c, NpgsqlTransaction tx, string key, CancellationToken ct) =>
        c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT size FROM export_files WHERE key = @key", new { key }, tx, cancellationToken: ct));

    public static async Task<StoredFile?> ReadAsync(NpgsqlDataSource db, string key, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<StoredFile>(new CommandDefinition(
            "SELECT content, content_type FROM export_files WHERE key = @key", new { key }, cancellationToken: ct));
    }
}
