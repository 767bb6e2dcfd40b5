using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using NpgsqlTypes;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Photos;

public enum UploadOutcome { Stored, NotFound }

public sealed record PhotoRow(Guid Id, string Status, string? SmallContentType, string? LastError);

public sealed record PendingPhoto(Guid Id, string ContentType, byte[] Original, int Attempts);

/// <summary>Queries on <c>photos</c>, always scoped by the owner (another user's photo is a missing one).</summary>
public sealed class PhotoStore(NpgsqlDataSource db, TimeProvider clock, IOptions<PhotoOptions> options)
{
    /// <summary>A new photo awaiting its upload; returns its id and the upload token (only its hash is kept).</summary>
    public async Task<(Guid Id, string Token, DateTime ExpiresAt)> CreateUploadAsync(
        Guid userId,
        CancellationToken ct,
        NpgsqlTransaction? within = null
    )
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = clock.UtcNowForDb();
        var expiresAt = now + options.Value.UploadUrlLifetime;
        var id = Guid.CreateVersion7();
        await using var work = await UnitOfWork.BeginAsync(db, within, ct);
        await work.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO photos (id, user_id, status, upload_token_hash, upload_expires_at, created_at)
            VALUES (@id, @userId, 'awaiting_upload', @hash, @expiresAt, @now)
            """, new { id, userId, hash = Hash(token), expiresAt, now }, work.Transaction, cancellationToken: ct));
        await work.CommitAsync(ct);
        return (id, token, expiresAt);
    }

    /// <summary>
    /// Streams the upload into the row its token names (single use, unexpired): the body goes from the socket to
    /// PostgreSQL in chunks, never whole in memory. The row waits for the resizer afterwards.
    /// </summary>
    public async Task<UploadOutcome> StoreUploadAsync(
        string token,
        string contentType,
        Stream content,
        CancellationToken ct
    )
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            UPDATE photos SET original = @original, original_size = length(@original), content_type = @contentType,
                status = 'pending', upload_token_hash = NULL, uploaded_at = @now
            WHERE upload_token_hash = @hash AND status = 'awaiting_upload' AND upload_expires_at > @now
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter("original", NpgsqlDbType.Bytea) { Value = content });
        cmd.Parameters.AddWithValue("contentType", contentType);
        cmd.Parameters.AddWithValue("hash", Hash(token));
        cmd.Parameters.AddWithValue("now", clock.UtcNowForDb());
        return await cmd.ExecuteNonQueryAsync(ct) == 1 ? UploadOutcome.Stored : UploadOutcome.NotFound;
    }

    /// <summary>Whether the upload token is live (checked before reading a body it would not accept).</summary>
    public async Task<bool> UploadIsOpenAsync(string token, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(
            new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM photos WHERE upload_token_hash = @hash AND status = 'awaiting_upload' "
                    + "AND upload_expires_at > @now)",
                new { hash = Hash(token), now = clock.UtcNowForDb() },
                cancellationToken: ct
            )
        );
    }

    public async Task<PhotoRow?> GetAsync(Guid userId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<PhotoRow>(
            new CommandDefinition(
                "SELECT id, status, small_content_type AS SmallContentType, last_error AS LastError FROM photos "
                    + "WHERE id = @id AND user_id = @userId",
                new { id, userId },
                cancellationToken: ct
            )
        );
    }

    /// <summary>The small version's bytes; null when there is no such ready photo (of this user, when one is
    /// given).</summary>
    public async Task<(string ContentType, byte[] Bytes)?> GetSmallAsync(Guid? userId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(string ContentType, byte[] Bytes)?>(new CommandDefinition($"""
            SELECT small_content_type, small FROM photos
            WHERE id = @id AND status = 'ready' {(userId is null ? "" : "AND user_id = @userId")}
            """, new { id, userId }, cancellationToken: ct));
        return row;
    }

    /// <summary>
    /// Claims the oldest uploaded photo (<c>FOR UPDATE SKIP LOCKED</c>: replicas never resize the same one) and
    /// runs <paramref name="process"/> on it while the row stays locked; false when none is waiting.
    /// </summary>
    public async Task<bool> ProcessNextAsync(
        Func<PendingPhoto, CancellationToken, Task<(string ContentType, byte[] Bytes)>> process,
        CancellationToken ct
    )
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var photo = await conn.QuerySingleOrDefaultAsync<PendingPhoto>(new CommandDefinition("""
            SELECT id, content_type AS ContentType, original, attempts FROM photos
            WHERE status = 'pending' ORDER BY uploaded_at LIMIT 1
            FOR UPDATE SKIP LOCKED
            """, transaction: tx, cancellationToken: ct));
        if (photo is null) return false;
        try
        {
            var (contentType, bytes) = await process(photo, ct);
            await conn.ExecuteAsync(
                new CommandDefinition(
                    """
                    UPDATE photos SET small = @bytes, small_content_type = @contentType, status = 'ready',
                        processed_at = @now, last_error = NULL
                    WHERE id = @Id
                    """,
                    new
                    {
                        photo.Id,
                        bytes,
                        contentType,
                        now = clock.UtcNowForDb(),
                    },
                    tx,
                    cancellationToken: ct
                )
            );
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bad image fails for good; a missing tool or a crash is retried a few times.
            var failed = e is InvalidImageException || photo.Attempts + 1 >= options.Value.MaxAttempts;
            await conn.ExecuteAsync(
                new CommandDefinition(
                    """
                    UPDATE photos SET attempts = attempts + 1, last_error = @error,
                                      status = CASE WHEN @failed THEN 'failed' ELSE status END
                    WHERE id = @Id
                    """,
                    new
                    {
                        photo.Id,
                        error = e.Message,
                        failed,
                    },
                    tx,
                    cancellationToken: ct
                )
            );
        }
        await tx.CommitAsync(ct);
        return true;
    }

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}

/// <summary>The uploaded bytes are not a readable image (despite their magic bytes).</summary>
public sealed class InvalidImageException(string message) : Exception(message);
