using Dapper;
using Npgsql;

namespace ResumePair.Documents.Documents;

/// <summary>A saved version with the one before it (for "what changed"), as the history list reads it.</summary>
public sealed record VersionHistoryRow(
    long Version,
    string Title,
    string Data,
    DateTime CreatedAt,
    string? Label,
    long? RestoredFrom,
    long? PreviousVersion,
    string? PreviousTitle,
    string? PreviousData
);

public enum LabelOutcome { Named, NotFound, TooMany }

/// <summary>
/// The history list and named snapshots on <c>document_versions</c> (migration 0021), always scoped by the document's
/// owner: another user's document reads as missing.
/// </summary>
public sealed class VersionHistoryStore(NpgsqlDataSource db)
{
    /// <summary>A named snapshot is kept for good, so a document may have only this many.</summary>
    public const int MaxNamed = 50;

    /// <summary>
    /// Newest first, each with its predecessor among the kept versions (thinning may have removed the ones between, so
    /// "what changed" is since the previous version the user can still see). Null when the user has no such document.
    /// </summary>
    public async Task<IReadOnlyList<VersionHistoryRow>?> ListAsync(
        Guid userId,
        Guid id,
        long? before,
        int limit,
        bool namedOnly,
        CancellationToken ct
    )
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await OwnsAsync(conn, userId, id, ct)) return null;
        var rows = await conn.QueryAsync<VersionHistoryRow>(
            new CommandDefinition(
                $"""
                SELECT v.version, v.title, v.data::text AS data, v.created_at AS CreatedAt, v.label,
                       v.restored_from AS RestoredFrom,
                       p.version AS PreviousVersion, p.title AS PreviousTitle, p.data::text AS PreviousData
                FROM document_versions v
                LEFT JOIN LATERAL (
                    SELECT version, title, data FROM document_versions
                    WHERE document_id = v.document_id AND version < v.version ORDER BY version DESC LIMIT 1
                ) p ON true
                WHERE v.document_id = @id {(before is null ? "" : "AND v.version < @before")} {(
                    namedOnly ? "AND v.label IS NOT NULL" : ""
                )}
                ORDER BY v.version DESC LIMIT @limit
                """,
                new
                {
                    id,
                    before,
                    limit,
                },
                cancellationToken: ct
            )
        );
        return rows.ToList();
    }

    /// <summary>Names a version (or renames it); null <paramref name="label"/> removes the name.</summary>
    public async Task<LabelOutcome> LabelAsync(Guid userId, Guid id, long version, string? label, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The document row lock serialises namings of one document, so the count below cannot be raced past the cap.
        var owned = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT 1 FROM documents WHERE id = @id AND user_id = @userId AND deleted_at IS NULL FOR UPDATE",
            new { id, userId }, tx, cancellationToken: ct));
        if (owned is null) return LabelOutcome.NotFound;
        var current = await conn.QuerySingleOrDefaultAsync<LabelRow>(new CommandDefinition(
            "SELECT label FROM document_versions WHERE document_id = @id AND version = @version",
            new { id, version }, tx, cancellationToken: ct));
        if (current is null) return LabelOutcome.NotFound;
        if (label is not null && current.Label is null)
        {
            var named = await conn.ExecuteScalarAsync<long>(
                new CommandDefinition(
                    "SELECT count(*) FROM document_versions WHERE document_id = @id AND label IS NOT NULL",
                    new { id },
                    tx,
                    cancellationToken: ct
                )
            );
            if (named >= MaxNamed) return LabelOutcome.TooMany;
        }
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE document_versions SET label = @label WHERE document_id = @id AND version = @version",
            new { id, version, label }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return LabelOutcome.Named;
    }

    /// <summary>One version with its name, for the compare view; null when missing or not the user's.</summary>
    public async Task<VersionHistoryRow?> GetAsync(Guid userId, Guid id, long version, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<VersionHistoryRow>(
            new CommandDefinition(
                """
                SELECT v.version, v.title, v.data::text AS data, v.created_at AS CreatedAt, v.label,
                       v.restored_from AS RestoredFrom,
                       NULL::bigint AS PreviousVersion, NULL::text AS PreviousTitle, NULL::text AS PreviousData
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

    private sealed record LabelRow(string? Label);

    private static Task<bool> OwnsAsync(NpgsqlConnection conn, Guid userId, Guid id, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE id = @id AND user_id = @userId AND deleted_at IS NULL)",
            new { id, userId }, cancellationToken: ct));
}
