using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Accounts;

public enum RotationOutcome { Rotated, Invalid, ReuseDetected }

public sealed record RotationResult(
    RotationOutcome Outcome,
    Guid UserId = default,
    Guid SessionId = default,
    string? RefreshToken = null
);

/// <summary>
/// Sessions and their refresh-token families. A refresh token is 32 random bytes (base64url) and only
/// its SHA-256 is stored. Every refresh uses up the presented token and issues its successor; presenting
/// a used or revoked token again means it leaked, so the whole family (the session) is revoked.
/// </summary>
public sealed class RefreshTokenService(NpgsqlDataSource db, TimeProvider clock, IOptions<AccountOptions> options)
{
    /// <summary>Starts a session (a login) and returns its first refresh token.</summary>
    public async Task<(Guid SessionId, string RefreshToken)> StartSessionAsync(
        Guid userId,
        string? userAgent,
        CancellationToken ct
    )
    {
        var now = clock.UtcNowForDb();
        var sessionId = Guid.CreateVersion7();
        var token = NewToken();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO sessions (id, user_id, user_agent, created_at, last_used_at) VALUES (@sessionId, @userId, "
                    + "@userAgent, @now, @now)",
                new
                {
                    sessionId,
                    userId,
                    userAgent = Truncate(userAgent),
                    now,
                },
                tx,
                cancellationToken: ct
            )
        );
        await InsertTokenAsync(conn, tx, token, sessionId, userId, parentId: null, userAgent, now, ct);
        await tx.CommitAsync(ct);
        return (sessionId, token);
    }

    public async Task<RotationResult> RotateAsync(string refreshToken, string? userAgent, CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // FOR UPDATE: two concurrent refreshes with one token serialize here; the second sees it used.
        var row = await conn.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition("""
            SELECT t.id, t.family_id AS FamilyId, t.user_id AS UserId, t.expires_at AS ExpiresAt, t.used_at AS UsedAt,
                   t.revoked_at AS RevokedAt, s.revoked_at AS SessionRevokedAt
            FROM refresh_tokens t JOIN sessions s ON s.id = t.family_id
            WHERE t.token_hash = @hash
            FOR UPDATE OF t, s
            """, new { hash = Hash(refreshToken) }, tx, cancellationToken: ct));

        if (row is null) return new(RotationOutcome.Invalid);
        if (row.SessionRevokedAt is not null) return new(RotationOutcome.Invalid);
        if (row.UsedAt is not null || row.RevokedAt is not null)
        {
            await RevokeSessionAsync(conn, tx, row.FamilyId, now, ct);
            await tx.CommitAsync(ct);
            return new(RotationOutcome.ReuseDetected, row.UserId, row.FamilyId);
        }
        if (row.ExpiresAt <= now) return new(RotationOutcome.Invalid);

        var next = NewToken();
        await conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE refresh_tokens SET used_at = @now, last_used_at = @now WHERE id = @id",
                new { row.Id, now },
                tx,
                cancellationToken: ct
            )
        );
        await conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE sessions SET last_used_at = @now WHERE id = @FamilyId",
                new { row.FamilyId, now },
                tx,
                cancellationToken: ct
            )
        );
        await InsertTokenAsync(conn, tx, next, row.FamilyId, row.UserId, row.Id, userAgent, now, ct);
        await tx.CommitAsync(ct);
        return new(RotationOutcome.Rotated, row.UserId, row.FamilyId, next);
    }

    /// <summary>Ends a session: it and every refresh token of its family stop working.</summary>
    public async Task RevokeSessionAsync(Guid sessionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RevokeSessionAsync(conn, tx, sessionId, clock.UtcNowForDb(), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Ends every session of the user (after a password reset), inside the caller's transaction.</summary>
    public async Task RevokeAllSessionsAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        Guid userId,
        CancellationToken ct
    )
    {
        var now = clock.UtcNowForDb();
        await conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE sessions SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL",
                new { userId, now },
                tx,
                cancellationToken: ct
            )
        );
        await conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE refresh_tokens SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL",
                new { userId, now },
                tx,
                cancellationToken: ct
            )
        );
    }

    private static async Task RevokeSessionAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        Guid sessionId,
        DateTime now,
        CancellationToken ct
    )
    {
        await conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE sessions SET revoked_at = @now WHERE id = @sessionId AND revoked_at IS NULL",
                new { sessionId, now },
                tx,
                cancellationToken: ct
            )
        );
        await conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE refresh_tokens SET revoked_at = @now WHERE family_id = @sessionId AND revoked_at IS NULL",
                new { sessionId, now },
                tx,
                cancellationToken: ct
            )
        );
    }

    private Task InsertTokenAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        string token,
        Guid familyId,
        Guid userId,
        Guid? parentId,
        string? userAgent,
        DateTime now,
        CancellationToken ct
    ) =>
        conn.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO refresh_tokens
                    (id, token_hash, family_id, user_id, parent_id, user_agent, created_at, expires_at)
                VALUES (@id, @hash, @familyId, @userId, @parentId, @userAgent, @now, @expiresAt)
                """,
                new
                {
                    id = Guid.CreateVersion7(),
                    hash = Hash(token),
                    familyId,
                    userId,
                    parentId,
                    userAgent = Truncate(userAgent),
                    now,
                    expiresAt = now + options.Value.RefreshTokenLifetime,
                },
                tx,
                cancellationToken: ct
            )
        );

    internal static string NewToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string? Truncate(string? userAgent) => userAgent is { Length: > 512 } ? userAgent[..512] : userAgent;

    private sealed record TokenRow(
        Guid Id,
        Guid FamilyId,
        Guid UserId,
        DateTime ExpiresAt,
        DateTime? UsedAt,
        DateTime? RevokedAt,
        DateTime? SessionRevokedAt
    );
}
