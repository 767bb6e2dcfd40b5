using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Documents;

public sealed record TrashedDocumentRow(
    Guid Id,
    string Type,
    string Title,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime DeletedAt
);

/// <summary>A trash entry: the summary, when it was deleted and when housekeeping will purge it for good.</summary>
public sealed record TrashedDocumentSummary(
    Guid Id,
    string Type,
    string Title,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime DeletedAt,
    DateTime PurgeAt
);

public sealed record TrashPage(IReadOnlyList<TrashedDocumentSummary> Items, string? NextCursor);

/// <summary>
/// The user's trash: documents deleted within <see cref="DocumentOptions.TrashRetention"/> (the ones
/// <c>POST /{id}/restore</c> can still bring back), newest deleted first, keyset-paginated on (deleted_at, id).
/// </summary>
public sealed class DocumentTrash(NpgsqlDataSource db, TimeProvider clock, IOptions<DocumentOptions> options)
{
    public async Task<(IReadOnlyList<TrashedDocumentSummary> Items, ListCursor? Next)> ListAsync(
        Guid userId, string? type, ListCursor? after, int limit, CancellationToken ct)
    {
        var retention = options.Value.TrashRetention;
        // Past the retention a document cannot be restored, even if the hourly purge has not removed it yet.
        var sql = $"""
            SELECT id, type, title, version, created_at AS CreatedAt, updated_at AS UpdatedAt, deleted_at AS DeletedAt
            FROM documents
            WHERE user_id = @userId AND deleted_at IS NOT NULL AND deleted_at > @oldest
              {(type is null ? "" : "AND type = @type")}
              {(after is null ? "" : "AND (deleted_at, id) < (@afterDeletedAt, @afterId)")}
            ORDER BY deleted_at DESC, id DESC
            LIMIT @take
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (
            await conn.QueryAsync<TrashedDocumentRow>(
                new CommandDefinition(
                    sql,
                    new
                    {
                        userId,
                        type,
                        oldest = clock.UtcNowForDb() - retention,
                        afterDeletedAt = after?.UpdatedAt,
                        afterId = after?.Id,
                        take = limit + 1,
                    },
                    cancellationToken: ct
                )
            )
        ).ToList();
        ListCursor? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            next = new ListCursor(rows[^1].DeletedAt, rows[^1].Id);
        }
        return (
            rows.Select(r => new TrashedDocumentSummary(
                    r.Id,
                    r.Type,
                    r.Title,
                    r.Version,
                    r.CreatedAt,
                    r.UpdatedAt,
                    r.DeletedAt,
                    r.DeletedAt + retention
                ))
                .ToList(),
            next
        );
    }
}
