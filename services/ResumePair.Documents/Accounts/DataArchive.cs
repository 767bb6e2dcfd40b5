using System.IO.Compression;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace ResumePair.Documents.Accounts;

/// <summary>
/// "Download all my data": one ZIP with everything this service keeps about the user — the account, preferences,
/// sessions, every document (trash included) with every saved version, share links with their daily counts, and the
/// profile photos as uploaded — and the exported files the export orchestrator still stores (PDF, DOCX, JSON Resume,
/// under <c>exports/</c>, fetched over its signed internal route). Secrets are left out (password and share-password
/// hashes, token hashes). Written to a temporary file that deletes itself, so a large history never sits in memory.
/// </summary>
public sealed class DataArchive(NpgsqlDataSource db, PreferenceStore preferences, ExportFilesClient exports)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public async Task<Stream> BuildAsync(UserRow user, CancellationToken ct)
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"rp-archive-{Guid.NewGuid():N}.zip"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous
        );
        try
        {
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                await using var conn = await db.OpenConnectionAsync(ct);
                var userId = user.Id;
                await AddJsonAsync(
                    zip,
                    "account.json",
                    new
                    {
                        user.Id,
                        user.Email,
                        user.Name,
                        user.EmailVerified,
                        user.Role,
                        user.Plan,
                        user.CreatedAt,
                        preferences = await preferences.GetAsync(userId, ct),
                        sessions = await conn.QueryAsync<ArchivedSession>(
                            new CommandDefinition(
                                """
                                SELECT id, user_agent AS UserAgent, created_at AS CreatedAt,
                                       last_used_at AS LastUsedAt, revoked_at AS RevokedAt
                                FROM sessions WHERE user_id = @userId ORDER BY created_at
                                """,
                                new { userId },
                                cancellationToken: ct
                            )
                        ),
                    },
                    ct
                );

                var documents = await conn.QueryAsync<ArchivedDocument>(
                    new CommandDefinition(
                        """
                        SELECT id, type, title, data::text AS data, version, created_at AS CreatedAt,
                               updated_at AS UpdatedAt, deleted_at AS DeletedAt
                        FROM documents WHERE user_id = @userId ORDER BY created_at
                        """,
                        new { userId },
                        cancellationToken: ct
                    )
                );
                foreach (var d in documents)
                {
                    var versions = await conn.QueryAsync<ArchivedVersion>(
                        new CommandDefinition(
                            """
                            SELECT version, title, data::text AS data, created_at AS CreatedAt, label,
                                   restored_from AS RestoredFrom
                            FROM document_versions WHERE document_id = @id ORDER BY version
                            """,
                            new { id = d.Id },
                            cancellationToken: ct
                        )
                    );
                    await AddJsonAsync(
                        zip,
                        $"documents/{d.Id}.json",
                        new
                        {
                            d.Id,
                            d.Type,
                            d.Title,
                            d.Version,
                            d.CreatedAt,
                            d.UpdatedAt,
                            d.DeletedAt,
                            data = Parse(d.Data),
                            versions = versions.Select(v => new
                            {
                                v.Version,
                                v.Title,
                                v.CreatedAt,
                                v.Label,
                                v.RestoredFrom,
                                data = Parse(v.Data),
                            }),
                        },
                        ct
                    );
                }

                var shares = await conn.QueryAsync<ArchivedShare>(
                    new CommandDefinition(
                        """
                        SELECT s.document_id AS DocumentId, s.slug, s.password_hash IS NOT NULL AS HasPassword,
                               s.indexable, s.created_at AS CreatedAt, s.updated_at AS UpdatedAt,
                               (SELECT coalesce(json_agg(json_build_object('day', t.day, 'views', t.views,
                                                                           'downloads', t.downloads)
                                                         ORDER BY t.day), '[]')::text
                                FROM share_daily_stats t WHERE t.document_id = s.document_id) AS DailyStats
                        FROM shares s WHERE s.user_id = @userId
                        """,
                        new { userId },
                        cancellationToken: ct
                    )
                );
                await AddJsonAsync(
                    zip,
                    "shares.json",
                    shares.Select(x => new
                    {
                        x.DocumentId,
                        x.Slug,
                        x.HasPassword,
                        x.Indexable,
                        x.CreatedAt,
                        x.UpdatedAt,
                        dailyStats = Parse(x.DailyStats),
                    }),
                    ct
                );

                var photos = await conn.QueryAsync<ArchivedPhoto>(
                    new CommandDefinition(
                        """
                        SELECT id, content_type AS ContentType, original FROM photos WHERE user_id = @userId
                            AND original IS NOT NULL
                        """,
                        new { userId },
                        cancellationToken: ct
                    )
                );
                foreach (var p in photos)
                {
                    var entry = zip.CreateEntry(
                        $"photos/{p.Id}{Extension(p.ContentType)}",
                        CompressionLevel.NoCompression
                    );
                    await using var stream = entry.Open();
                    await stream.WriteAsync(p.Original, ct);
                }
                // Already compressed formats (PDF, DOCX) are stored as they are: the bytes the user downloaded.
                foreach (var f in await exports.ListAsync(userId, ct))
                {
                    var level =
                        f.ContentType == "application/json" ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
                    await exports.CopyAsync(
                        userId,
                        f.JobId,
                        () => zip.CreateEntry($"exports/{f.Name}", level).Open(),
                        ct
                    );
                }
                await AddTextAsync(zip, "README.txt", """
                    Your ResumePair data.
                    account.json      your account, preferences and sessions (signed-in devices)
                    documents/*.json  each document (trash included) with every saved version
                    shares.json       your public links and their daily view and download counts
                    photos/           your profile photos as uploaded
                    exports/          your exported files (PDF, Word, JSON Resume) not yet expired
                    """, ct);
            }
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static string Extension(string? contentType) => contentType switch
    {
        "image/png" => ".png", "image/webp" => ".webp", _ => ".jpg",
    };

    private static async Task AddJsonAsync(ZipArchive zip, string name, object value, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await JsonSerializer.SerializeAsync(stream, value, Json, ct);
    }

    private static async Task AddTextAsync(ZipArchive zip, string name, string text, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var writer = new StreamWriter(entry.Open());
        await writer.WriteAsync(text.AsMemory(), ct);
    }

    private sealed record ArchivedDocument(
        Guid Id,
        string Type,
        string Title,
        string Data,
        long Version,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        DateTime? DeletedAt
    );

    private sealed record ArchivedVersion(
        long Version,
        string Title,
        string Data,
        DateTime CreatedAt,
        string? Label,
        long? RestoredFrom
    );

    private sealed record ArchivedSession(
        Guid Id,
        string? UserAgent,
        DateTime CreatedAt,
        DateTime LastUsedAt,
        DateTime? RevokedAt
    );

    private sealed record ArchivedShare(
        Guid DocumentId,
        string Slug,
        bool HasPassword,
        bool Indexable,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        string DailyStats
    );

    private sealed record ArchivedPhoto(Guid Id, string? ContentType, byte[] Original);
}
