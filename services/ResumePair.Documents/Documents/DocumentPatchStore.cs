using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using ResumePair.Contracts.Documents;
using ResumePair.Documents.Http;
using ResumePair.Messaging;

namespace ResumePair.Documents.Documents;

/// <summary>What a merge patch produced from the current copy: the new document, or field errors.</summary>
public sealed record PatchOutcome(WriteResult? Write, Dictionary<string, string[]>? Errors);

/// <summary>
/// Autosave's write path (PATCH), built for two round trips: one prepared read of the current copy (the merge
/// and the validation need it, and they run here, not in SQL), then one prepared batch that does the rest in a
/// single implicit transaction: the update guarded by the version that was read (so a write in between makes
/// this one stale, never lost), the history version and, every <see cref="DocumentOptions.ThinEvery"/>-th version, the
/// history thinning. The hint for event streams follows the commit (<see cref="PostCommitNotifier"/>). Only when the
/// guarded update touches nothing (a racing write, a delete, or an identical document) does a third, rare read find out
/// which.
/// </summary>
public sealed class DocumentPatchStore(
    NpgsqlDataSource db,
    TimeProvider clock,
    IOptions<DocumentOptions> options,
    PostCommitNotifier hints
)
{
    private const string ReadSql = """
        SELECT id, type, title, data::text, version, created_at, updated_at
        FROM documents WHERE id = @id AND user_id = @userId AND deleted_at IS NULL
        """;

    // Data-modifying CTEs all run, whether or not the outer SELECT reads them; they see no row (and insert
    // nothing) when the guarded UPDATE matched none.
    private const string WriteSql = """
        WITH updated AS (
            UPDATE documents SET title = @title, data = @data, version = version + 1, updated_at = @now
            WHERE id = @id AND user_id = @userId AND deleted_at IS NULL AND version = @expected
              AND (title <> @title OR data <> @data)
            RETURNING id, type, title, data, version, created_at, updated_at
        ), saved AS (
            INSERT INTO document_versions (document_id, version, title, data, created_at)
            SELECT id, version, title, data, updated_at FROM updated
        )
        SELECT id, type, title, data::text, version, created_at, updated_at FROM updated
        """;

    /// <param name="merge">Applies the patch to the current copy and validates the result.</param>
    public async Task<PatchOutcome> PatchAsync(
        Guid userId,
        Guid id,
        Precondition precondition,
        Func<DocumentRow, ValidationOutcome> merge,
        CancellationToken ct
    )
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var current = await ReadAsync(conn, userId, id, ct);
        if (current is null) return Done(new(WriteStatus.NotFound));
        if (!precondition.Allows(current.Version)) return Done(new(WriteStatus.Stale, current));

        var validation = merge(current);
        if (validation.Document is not { } document) return new(null, validation.Errors);
        if (document.Type != current.Type) return Done(new(WriteStatus.TypeChanged, current));

        var now = clock.UtcNowForDb();
        var version = current.Version + 1;
        await using var batch = new NpgsqlBatch(conn);
        batch.BatchCommands.Add(WriteCommand(userId, id, current.Version, document, now));
        if (VersionThinning.IsDue(version, options.Value))
            batch.BatchCommands.Add(VersionThinning.Command(id, now, options.Value));
        await batch.PrepareAsync(ct); // a no-op (no round trip) once this connection has prepared it
        DocumentRow? saved = null;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct)) saved = Row(reader);
        }
        if (saved is not null)
        {
            // The reader is done, so the batch's implicit transaction has committed: event streams on every replica.
            hints.Notify(DocumentEvents.Channel, id);
            return Done(new(WriteStatus.Updated, saved));
        }

        // Nothing was written: find out why from a fresh read (the batch's own snapshot may predate a racing commit).
        var latest = await ReadAsync(conn, userId, id, ct);
        if (latest is null) return Done(new(WriteStatus.NotFound));
        return Done(
            latest.Version == current.Version ? new(WriteStatus.Unchanged, latest) : new(WriteStatus.Stale, latest)
        );
    }

    private static PatchOutcome Done(WriteResult write) => new(write, null);

    private static async Task<DocumentRow?> ReadAsync(NpgsqlConnection conn, Guid userId, Guid id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(ReadSql, conn)
        {
            Parameters = { new NpgsqlParameter("id", id), new NpgsqlParameter("userId", userId) },
        };
        await cmd.PrepareAsync(ct);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Row(reader) : null;
    }

    private static NpgsqlBatchCommand WriteCommand(
        Guid userId,
        Guid id,
        long expected,
        ValidDocument document,
        DateTime now
    ) =>
        new(WriteSql)
        {
        Parameters =
        {
            new NpgsqlParameter("id", id),
            new NpgsqlParameter("userId", userId),
            new NpgsqlParameter("expected", expected),
            new NpgsqlParameter("title", NpgsqlDbType.Text) { Value = document.Title },
            new NpgsqlParameter("data", NpgsqlDbType.Jsonb) { Value = document.Data },
            new NpgsqlParameter("now", now),
        },
    };

    private static DocumentRow Row(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
        reader.GetDateTime(5), reader.GetDateTime(6));
}
