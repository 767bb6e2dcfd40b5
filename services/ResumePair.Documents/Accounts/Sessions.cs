using Dapper;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Accounts;

public sealed record SessionResponse(Guid Id, string? UserAgent, DateTime CreatedAt, DateTime LastUsedAt, bool Current);

/// <summary>A user's live sessions (logins whose refresh-token family can still be used), for the sessions
/// page.</summary>
public sealed class SessionStore(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SessionResponse>> ListAsync(
        Guid userId,
        Guid? currentSessionId,
        CancellationToken ct
    )
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<SessionRow>(
            new CommandDefinition(
                """
                SELECT s.id, s.user_agent AS UserAgent, s.created_at AS CreatedAt, s.last_used_at AS LastUsedAt
                FROM sessions s
                WHERE s.user_id = @userId AND s.revoked_at IS NULL
                  AND EXISTS (SELECT 1 FROM refresh_tokens t
                              WHERE t.family_id = s.id AND t.used_at IS NULL AND t.revoked_at IS NULL
                                  AND t.expires_at > @now)
                ORDER BY s.last_used_at DESC
                LIMIT 100
                """,
                new { userId, now = clock.UtcNowForDb() },
                cancellationToken: ct
            )
        );
        return rows.Select(r => new SessionResponse(
                r.Id,
                r.UserAgent,
                r.CreatedAt,
                r.LastUsedAt,
                r.Id == currentSessionId
            ))
            .ToList();
    }

    /// <summary>True when the session belongs to the user (revoking an already revoked one is fine).</summary>
    public async Task<bool> BelongsToAsync(Guid userId, Guid sessionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(
            new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM sessions WHERE id = @sessionId AND user_id = @userId)",
                new { sessionId, userId },
                cancellationToken: ct
            )
        );
    }

    /// <summary>Not revoked (sign-out, revocation, password reset, refresh-token reuse).</summary>
    public async Task<bool> IsLiveAsync(Guid sessionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM sessions WHERE id = @sessionId AND revoked_at IS NULL)", new { sessionId },
            cancellationToken: ct));
    }

    private sealed record SessionRow(Guid Id, string? UserAgent, DateTime CreatedAt, DateTime LastUsedAt);
}
