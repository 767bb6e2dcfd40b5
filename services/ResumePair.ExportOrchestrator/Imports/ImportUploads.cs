using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>
/// <c>import_uploads</c> (migration 0009): the file an import job works on, one row per job, deleted by a trigger
/// when the job reaches a terminal state.
/// </summary>
public static class ImportUploads
{
    public static Task InsertAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid jobId,
        string fileName,
        string format,
        byte[] content,
        DateTimeOffset now,
        CancellationToken ct
    ) =>
        c.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO import_uploads (job_id, file_name, format, content, size, created_at) VALUES (@jobId, "
                    + "@fileName, @format, @content, @size, @now)",
                new
                {
                    jobId,
                    fileName,
                    format,
                    content,
                    size = (long)content.Length,
                    now,
                },
                tx,
                cancellationToken: ct
            )
        );

    /// <returns>The file's bytes, or null once it is gone (the job finished before).</returns>
    public static async Task<byte[]?> ReadAsync(NpgsqlDataSource db, Guid jobId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "SELECT content FROM import_uploads WHERE job_id = @jobId", new { jobId }, cancellationToken: ct));
    }
}
