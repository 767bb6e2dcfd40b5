using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace ResumePair.Documents.Sharing;

/// <summary>A published resume's link settings (the owner's view of them).</summary>
public sealed record ShareRow(Guid DocumentId, Guid UserId, string Slug, string? PasswordHash, bool Indexable,
    DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>What a visitor's link resolves to: the share and the document it publishes, as saved now.</summary>
public sealed record SharedDocument(
    ShareRow Share,
    string Type,
    string Title,
    string Data,
    long Version,
    DateTime UpdatedAt
);

public sealed record ShareDay(DateOnly Day, int Views, int Downloads);

public enum ShareCounter { View, Download }

/// <summary>
/// The <c>shares</c> and <c>share_daily_stats</c> tables. Owner queries are scoped by user (another user's document
/// behaves as a missing one); visitor queries go by slug and only ever see a live, not-deleted document.
/// </summary>
public sealed class ShareStore(NpgsqlDataSource db, TimeProvider clock)
{
    private const string Columns =
        "document_id AS DocumentId, user_id AS UserId, slug AS Slug, password_hash AS PasswordHash, "
            + "indexable AS Indexable, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public async Task<ShareRow?> GetAsync(Guid userId, Guid documentId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ShareRow>(new CommandDefinition(
            $"SELECT {Columns} FROM shares WHERE document_id = @documentId AND user_id = @userId",
            new { documentId, userId }, cancellationToken: ct));
    }

    /// <summary>
    /// Publishes (a new slug) or updates the settings of the caller's own, not-deleted document; null when it is not
    /// theirs. <paramref name="passwordHash"/>: null keeps the current password, "" removes it.
    /// </summary>
    public async Task<(ShareRow Row, bool Created)?> UpsertAsync(
        Guid userId,
        Guid documentId,
        string? passwordHash,
        bool indexable,
        CancellationToken ct
    )
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var now = clock.GetUtcNow();
        var row = await c.QuerySingleOrDefaultAsync<WrittenRow>(new CommandDefinition(
            $"""
            INSERT INTO shares AS s (document_id, user_id, slug, password_hash, indexable, created_at, updated_at)
            SELECT d.id, d.user_id, @slug, NULLIF(CAST(@passwordHash AS text), ''), @indexable, @now, @now
            FROM documents d WHERE d.id = @documentId AND d.user_id = @userId AND d.deleted_at IS NULL
            ON CONFLICT (document_id) DO UPDATE
               SET password_hash = CASE WHEN CAST(@passwordHash AS text) IS NULL THEN s.password_hash
                                   ELSE NULLIF(CAST(@passwordHash AS text), '') END,
                   indexable = EXCLUDED.indexable, updated_at = EXCLUDED.updated_at
            RETURNING {Columns}, (xmax = 0) AS Created
            """, new { documentId, userId, slug = NewSlug(), passwordHash, indexable, now }, cancellationToken: ct));
        return row is null
            ? null
            : (
                new ShareRow(
                    row.DocumentId,
                    row.UserId,
                    row.Slug,
                    row.PasswordHash,
                    row.Indexable,
                    row.CreatedAt,
                    row.UpdatedAt
                ),
                row.Created
            );
    }

    /// <summary>A new slug for the caller's share; the old link stops working at once. Null when nothing is
    /// published.</summary>
    public async Task<ShareRow?> RotateAsync(Guid userId, Guid documentId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ShareRow>(new CommandDefinition(
            $"""
            UPDATE shares SET slug = @slug, updated_at = @now WHERE document_id = @documentId AND user_id = @userId
            RETURNING {Columns}
            """, new { documentId, userId, slug = NewSlug(), now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task<bool> DeleteAsync(Guid userId, Guid documentId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(
                new CommandDefinition(
                    "DELETE FROM shares WHERE document_id = @documentId AND user_id = @userId",
                    new { documentId, userId },
                    cancellationToken: ct
                )
            ) > 0;
    }

    /// <summary>The published document behind a slug; null when unknown, unpublished, rotated away or the document is
    /// in the trash.</summary>
    public async Task<SharedDocument?> ResolveAsync(string slug, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var r = await c.QuerySingleOrDefaultAsync<ResolvedRow>(
            new CommandDefinition(
                """
                SELECT s.document_id AS DocumentId, s.user_id AS UserId, s.slug AS Slug,
                       s.password_hash AS PasswordHash, s.indexable AS Indexable, s.created_at AS CreatedAt,
                       s.updated_at AS UpdatedAt,
                       d.type AS Type, d.title AS Title, d.data::text AS Data, d.version AS Version,
                       d.updated_at AS DocumentUpdatedAt
                FROM shares s JOIN documents d ON d.id = s.document_id AND d.user_id = s.user_id
                    AND d.deleted_at IS NULL
                WHERE s.slug = @slug
                """,
                new { slug },
                cancellationToken: ct
            )
        );
        return r is null ? null : new SharedDocument(
            new ShareRow(r.DocumentId, r.UserId, r.Slug, r.PasswordHash, r.Indexable, r.CreatedAt, r.UpdatedAt),
            r.Type, r.Title, r.Data, r.Version, r.DocumentUpdatedAt);
    }

    public async Task CountAsync(Guid documentId, ShareCounter counter, CancellationToken ct)
    {
        var column = counter == ShareCounter.View ? "views" : "downloads";
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO share_daily_stats AS s (document_id, day, {column}) VALUES (@documentId, CAST(@day AS date), 1)
            ON CONFLICT (document_id, day) DO UPDATE SET {column} = s.{column} + 1
            """, new { documentId, day = clock.GetUtcNow().UtcDateTime.Date }, cancellationToken: ct));
    }

    /// <summary>The last <paramref name="days"/> days' counters of the caller's own document (days without any are left
    /// out).</summary>
    public async Task<IReadOnlyList<ShareDay>?> StatsAsync(Guid userId, Guid documentId, int days, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var owned = await c.ExecuteScalarAsync<bool>(
            new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM documents WHERE id = @documentId AND user_id = @userId "
                    + "AND deleted_at IS NULL)",
                new { documentId, userId },
                cancellationToken: ct
            )
        );
        if (!owned) return null;
        var since = clock.GetUtcNow().UtcDateTime.Date.AddDays(1 - days);
        var rows = await c.QueryAsync<(DateTime Day, int Views, int Downloads)>(new CommandDefinition(
            """
            SELECT day::timestamp, views, downloads FROM share_daily_stats
            WHERE document_id = @documentId AND day >= CAST(@since AS date) ORDER BY day
            """, new { documentId, since }, cancellationToken: ct));
        return rows.Select(r => new ShareDay(DateOnly.FromDateTime(r.Day), r.Views, r.Downloads)).ToList();
    }

    /// <summary>12 random URL-safe characters (72 bits): not guessable, short enough to type from a printed
    /// page.</summary>
    private static string NewSlug() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', '-').Replace('/', '_');

    private sealed record WrittenRow(Guid DocumentId, Guid UserId, string Slug, string? PasswordHash, bool Indexable,
        DateTime CreatedAt, DateTime UpdatedAt, bool Created);

    private sealed record ResolvedRow(
        Guid DocumentId,
        Guid UserId,
        string Slug,
        string? PasswordHash,
        bool Indexable,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        string Type,
        string Title,
        string Data,
        long Version,
        DateTime DocumentUpdatedAt
    );
}
