using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Contracts.Documents;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Documents;

public enum WriteStatus { Created, Updated, Unchanged, NotFound, Stale, PreconditionRequired, TypeChanged }

/// <summary>The outcome of a write; <see cref="Document"/> is the new copy, or the server's current copy when
/// refused.</summary>
public sealed record WriteResult(WriteStatus Status, DocumentRow? Document = null);

/// <summary>
/// Queries on <c>documents</c> and <c>document_versions</c>, always scoped by the owner: another user's
/// document behaves exactly like a missing one. Every content change bumps <c>version</c> and records the
/// new content in <c>document_versions</c> in the same transaction.
/// </summary>
public sealed class DocumentStore(NpgsqlDataSource db, TimeProvider clock, IOptions<DocumentOptions> options)
{
    private const string Columns =
        "id, type, title, data::text AS data, version, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public async Task<DocumentRow?> GetAsync(Guid userId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition(
            $"SELECT {Columns} FROM documents WHERE id = @id AND user_id = @userId AND deleted_at IS NULL",
            new { id, userId }, cancellationToken: ct));
    }

    /// <summary>Newest first (by last change), keyset-paginated; one extra row tells whether a next page
    /// exists.</summary>
    public async Task<(IReadOnlyList<DocumentSummaryRow> Items, ListCursor? Next)> ListAsync(
        Guid userId, string? type, ListCursor? after, int limit, CancellationToken ct)
    {
        var sql = $"""
            SELECT id, type, title, version, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM documents
            WHERE user_id = @userId AND deleted_at IS NULL
              {(type is null ? "" : "AND type = @type")}
              {(after is null ? "" : "AND (updated_at, id) < (@afterUpdatedAt, @afterId)")}
            ORDER BY updated_at DESC, id DESC
            LIMIT @take
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (
            await conn.QueryAsync<DocumentSummaryRow>(
                new CommandDefinition(
                    sql,
                    new
                    {
                        userId,
                        type,
                        afterUpdatedAt = after?.UpdatedAt,
                        afterId = after?.Id,
                        take = limit + 1,
                    },
                    cancellationToken: ct
                )
            )
        ).ToList();
        if (rows.Count <= limit) return (rows, null);
        rows.RemoveAt(limit);
        return (rows, new ListCursor(rows[^1].UpdatedAt, rows[^1].Id));
    }

    /// <summary>Creates the document at version 1; <see cref="WriteStatus.NotFound"/> when the id is taken (by
    /// anyone).</summary>
    public async Task<WriteResult> CreateAsync(
        Guid userId,
        Guid id,
        ValidDocument document,
        CancellationToken ct,
        NpgsqlTransaction? within = null
    )
    {
        var now = clock.UtcNowForDb();
        await using var work = await UnitOfWork.BeginAsync(db, within, ct);
        var (conn, tx) = (work.Connection, work.Transaction);
        var row = await conn.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition($"""
            INSERT INTO documents (id, user_id, type, title, data, version, created_at, updated_at)
            VALUES (@id, @userId, @Type, @Title, CAST(@Data AS jsonb), 1, @now, @now)
            ON CONFLICT (id) DO NOTHING
            RETURNING {Columns}
            """, new { id, userId, document.Type, document.Title, document.Data, now }, tx, cancellationToken: ct));
        if (row is null) return new(WriteStatus.NotFound);
        await InsertVersionAsync(conn, tx, row, ct);
        await work.CommitAsync(ct);
        return new(WriteStatus.Created, row);
    }

    /// <summary>
    /// Replaces title and data. With no precondition (no <c>If-Match</c>) only an identical write is allowed
    /// (it answers the current copy, so a retried create succeeds); anything else needs the current version.
    /// An identical write changes nothing and keeps the version.
    /// </summary>
    /// <param name="restoredFrom">The old version this write copies back (history shows "Restored version N").</param>
    public async Task<WriteResult> ReplaceAsync(
        Guid userId,
        Guid id,
        ValidDocument document,
        Precondition? precondition,
        CancellationToken ct,
        NpgsqlTransaction? within = null,
        long? restoredFrom = null
    )
    {
        await using var work = await UnitOfWork.BeginAsync(db, within, ct);
        var (conn, tx) = (work.Connection, work.Transaction);
        // FOR UPDATE: the version check and the write happen under one row lock, so two writers with the
        // same If-Match cannot both succeed.
        var current = await conn.QuerySingleOrDefaultAsync<CurrentRow>(new CommandDefinition($"""
            SELECT {Columns}, (title = @Title AND data = CAST(@Data AS jsonb)) AS Same
            FROM documents WHERE id = @id AND user_id = @userId AND deleted_at IS NULL
            FOR UPDATE
            """, new { id, userId, document.Title, document.Data }, tx, cancellationToken: ct));
        if (current is null) return new(WriteStatus.NotFound);
        var row = current.ToRow();
        if (current.Type != document.Type) return new(WriteStatus.TypeChanged, row);
        if (precondition is null)
            return new(current.Same ? WriteStatus.Unchanged : WriteStatus.PreconditionRequired, row);
        if (!precondition.Allows(current.Version)) return new(WriteStatus.Stale, row);
        if (current.Same) return new(WriteStatus.Unchanged, row);

        var updated = await conn.QuerySingleAsync<DocumentRow>(new CommandDefinition($"""
            UPDATE documents SET title = @Title, data = CAST(@Data AS jsonb), version = version + 1, updated_at = @now
            WHERE id = @id
            RETURNING {Columns}
            """, new { id, document.Title, document.Data, now = clock.UtcNowForDb() }, tx, cancellationToken: ct));
        await InsertVersionAsync(conn, tx, updated, ct, restoredFrom);
        await work.CommitAsync(ct);
        return new(WriteStatus.Updated, updated);
    }

    /// <summary>Moves the document to the trash (restorable); false when there is no such live document.</summary>
    /// <param name="precondition">If-Match: only these versions may be deleted (false otherwise).</param>
    public async Task<bool> SoftDeleteAsync(
        Guid userId,
        Guid id,
        CancellationToken ct,
        Precondition? precondition = null
    )
    {
        await using var work = await UnitOfWork.BeginAsync(db, null, ct);
        var deleted = await work.Connection.QuerySingleOrDefaultAsync<VersionedType>(
            new CommandDefinition(
                """
                UPDATE documents SET deleted_at = @now
                WHERE id = @id AND user_id = @userId AND deleted_at IS NULL
                    AND (@anyVersion OR version = ANY(@versions))
                RETURNING type, version
                """,
                new
                {
                    id,
                    userId,
                    now = clock.UtcNowForDb(),
                    anyVersion = precondition is null || precondition.AnyVersion,
                    versions = (precondition?.Versions ?? []).ToArray(),
                },
                work.Transaction,
                cancellationToken: ct
            )
        );
        if (deleted is null) return false;
        await ChangedAsync(work.Connection, work.Transaction, id, ct);
        await work.CommitAsync(ct);
        return true;
    }

    /// <summary>The live version of the user's document, or null when it is missing or in the trash (for event
    /// streams).</summary>
    public async Task<VersionStamp?> GetVersionStampAsync(Guid userId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<VersionStamp>(
            new CommandDefinition(
                "SELECT version, updated_at AS UpdatedAt FROM documents WHERE id = @id AND user_id = @userId "
                    + "AND deleted_at IS NULL",
                new { id, userId },
                cancellationToken: ct
            )
        );
    }

    /// <summary>Brings a document back from the trash within the retention; null when there is none to
    /// restore.</summary>
    public async Task<DocumentRow?> UndeleteAsync(
        Guid userId,
        Guid id,
        TimeSpan retention,
        CancellationToken ct,
        NpgsqlTransaction? within = null
    )
    {
        var now = clock.UtcNowForDb();
        await using var work = await UnitOfWork.BeginAsync(db, within, ct);
        var row = await work.Connection.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition($"""
            UPDATE documents SET deleted_at = NULL
            WHERE id = @id AND user_id = @userId AND deleted_at IS NOT NULL AND deleted_at > @oldest
            RETURNING {Columns}
            """, new { id, userId, oldest = now - retention }, work.Transaction, cancellationToken: ct));
        if (row is not null) await ChangedAsync(work.Connection, work.Transaction, id, ct);
        await work.CommitAsync(ct);
        return row;
    }

    /// <summary>Saved versions, newest first; null when the user has no such live document.</summary>
    public async Task<IReadOnlyList<VersionSummaryRow>?> ListVersionsAsync(
        Guid userId,
        Guid id,
        long? before,
        int limit,
        CancellationToken ct
    )
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await OwnsAsync(conn, userId, id, ct)) return null;
        var rows = await conn.QueryAsync<VersionSummaryRow>(new CommandDefinition($"""
            SELECT version, title, created_at AS CreatedAt FROM document_versions
            WHERE document_id = @id {(before is null ? "" : "AND version < @before")}
            ORDER BY version DESC LIMIT @limit
            """, new { id, before, limit }, cancellationToken: ct));
        return rows.ToList();
    }

    public async Task<VersionRow?> GetVersionAsync(Guid userId, Guid id, long version, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<VersionRow>(
            new CommandDefinition(
                """
                SELECT v.document_id AS DocumentId, d.type, v.version, v.title, v.data::text AS data,
                       v.created_at AS CreatedAt
                FROM document_versions v JOIN documents d ON d.id = v.document_id
                WHERE v.document_id = @id AND v.version = @version AND d.user_id = @userId AND d.deleted_at IS NULL
                """,
                new
                {
                    id,
                    version,
                    userId,
                },
                cancellationToken: ct
            )
        );
    }

    private static Task<bool> OwnsAsync(NpgsqlConnection conn, Guid userId, Guid id, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE id = @id AND user_id = @userId AND deleted_at IS NULL)",
            new { id, userId }, cancellationToken: ct));

    /// <summary>
    /// In the change's transaction: a hint that wakes event streams on every replica (LISTEN/NOTIFY, delivered on
    /// commit). No integration event goes out: nothing consumed DocumentChanged (#21), and every autosave paid an
    /// outbox row, a relay publish and a broker message for it.
    /// </summary>
    private static Task ChangedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(DocumentEvents.NotifySql, new { id }, tx, cancellationToken: ct));

    private sealed record VersionedType(string Type, long Version);

    private async Task InsertVersionAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        DocumentRow row,
        CancellationToken ct,
        long? restoredFrom = null
    )
    {
        // The event-stream hint rides along: same transaction, delivered on commit.
        await conn.ExecuteAsync(
            new CommandDefinition(
                $"""
                INSERT INTO document_versions (document_id, version, title, data, created_at, restored_from)
                VALUES (@Id, @Version, @Title, CAST(@Data AS jsonb), @UpdatedAt, @restoredFrom);
                {DocumentEvents.NotifySql.Replace("@id", "@Id", StringComparison.Ordinal)}
                """,
                new
                {
                    row.Id,
                    row.Version,
                    row.Title,
                    row.Data,
                    row.UpdatedAt,
                    restoredFrom,
                },
                tx,
                cancellationToken: ct
            )
        );
        if (VersionThinning.IsDue(row.Version, options.Value))
            await VersionThinning.ThinAsync(conn, tx, row.Id, row.UpdatedAt, options.Value, ct);
    }

    private sealed record CurrentRow(
        Guid Id,
        string Type,
        string Title,
        string Data,
        long Version,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        bool Same
    )
    {
        public DocumentRow ToRow() => new(Id, Type, Title, Data, Version, CreatedAt, UpdatedAt);
    }
}
