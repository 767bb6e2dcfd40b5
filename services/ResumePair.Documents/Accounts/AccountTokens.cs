using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Accounts;

/// <summary>
/// Single-use, expiring tokens sent by mail (email verification, password reset). Like refresh tokens,
/// only their SHA-256 is stored. Both operations run inside the caller's transaction.
/// </summary>
public sealed class AccountTokenStore(TimeProvider clock)
{
    public const string VerifyEmail = "verify_email";
    public const string ResetPassword = "reset_password";
    public const string DeleteAccount = "delete_account";

    public async Task<string> CreateAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        Guid userId,
        string purpose,
        TimeSpan lifetime,
        CancellationToken ct
    )
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = clock.UtcNowForDb();
        await conn.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at)
                VALUES (@hash, @userId, @purpose, @now, @expiresAt)
                """,
                new
                {
                    hash = Hash(token),
                    userId,
                    purpose,
                    now,
                    expiresAt = now + lifetime,
                },
                tx,
                cancellationToken: ct
            )
        );
        return token;
    }

    /// <summary>Uses the token up; the user it was for, or null when it is unknown, expired, used or for another
    /// purpose.</summary>
    public Task<Guid?> ConsumeAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        string token,
        string purpose,
        CancellationToken ct
    ) =>
        conn.QuerySingleOrDefaultAsync<Guid?>(
            new CommandDefinition(
                """
                UPDATE account_tokens SET used_at = @now
                WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
                RETURNING user_id
                """,
                new
                {
                    hash = Hash(token),
                    purpose,
                    now = clock.UtcNowForDb(),
                },
                tx,
                cancellationToken: ct
            )
        );

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
