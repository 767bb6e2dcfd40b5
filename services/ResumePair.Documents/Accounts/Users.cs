using Dapper;
using Npgsql;

namespace ResumePair.Documents.Accounts;

/// <param name="Plan">The account's plan (migration 0009; <see cref="UserStore.DefaultPlan"/> until changed), issued as
/// the <c>plan</c> claim.</param>
public sealed record UserRow(
    Guid Id,
    string Email,
    string Name,
    string PasswordHash,
    bool EmailVerified,
    string Role,
    string Plan,
    DateTime CreatedAt,
    int FailedLoginCount,
    DateTime? LockedUntil
);

/// <summary>Queries on <c>users</c>. Emails are compared lowercased (see the migration).</summary>
public sealed class UserStore(NpgsqlDataSource db)
{
    private const string Columns = """
        id, email, name, password_hash AS PasswordHash, email_verified AS EmailVerified, role, plan,
        created_at AS CreatedAt, failed_login_count AS FailedLoginCount, locked_until AS LockedUntil
        """;

    /// <summary>The plan every account starts on (the column's default).</summary>
    public const string DefaultPlan = "free";

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public async Task<UserRow?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UserRow>(
            new CommandDefinition(
                $"SELECT {Columns} FROM users WHERE email = @email",
                new { email = NormalizeEmail(email) },
                cancellationToken: ct
            )
        );
    }

    public async Task<UserRow?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Inserts the user; false when the email is taken (the unique index decides, not a prior read).</summary>
    public async Task<bool> TryInsertAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        UserRow user,
        CancellationToken ct
    ) =>
        await conn.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO users (id, email, name, password_hash, email_verified, role, plan, created_at)
                VALUES (@Id, @Email, @Name, @PasswordHash, @EmailVerified, @Role, @Plan, @CreatedAt)
                ON CONFLICT (email) DO NOTHING
                """,
                user,
                tx,
                cancellationToken: ct
            )
        ) == 1;

    public Task MarkEmailVerifiedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE users SET email_verified = true WHERE id = @id",
                new { id },
                tx,
                cancellationToken: ct
            )
        );

    /// <summary>Sets a new password and lifts any lockout (the user proved control of the mailbox).</summary>
    public Task SetPasswordAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        Guid id,
        string passwordHash,
        CancellationToken ct
    ) =>
        conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE users SET password_hash = @passwordHash, failed_login_count = 0, locked_until = NULL "
                    + "WHERE id = @id",
                new { id, passwordHash },
                tx,
                cancellationToken: ct
            )
        );

    public async Task UpdatePasswordHashAsync(Guid id, string passwordHash, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE users SET password_hash = @passwordHash WHERE id = @id",
                new { id, passwordHash },
                cancellationToken: ct
            )
        );
    }

    /// <summary>Bytes of document data the user keeps, trash included (it still counts until purged).</summary>
    public async Task<long> StorageUsedAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(
            new CommandDefinition(
                "SELECT coalesce(sum(pg_column_size(data)), 0)::bigint FROM documents WHERE user_id = @userId",
                new { userId },
                cancellationToken: ct
            )
        );
    }

    public async Task SetRoleAsync(Guid id, string role, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(
            new CommandDefinition(
                "UPDATE users SET role = @role WHERE id = @id",
                new { id, role },
                cancellationToken: ct
            )
        );
    }
}
