using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Accounts;

/// <summary>
/// Failed logins counted per account (the normalised email, known or not: a lockout must not tell who
/// has an account) and per client address (one address guessing many accounts). Reaching a limit locks
/// that key for <see cref="AccountOptions.LockoutDuration"/> × 2^(earlier lockouts), capped; the history
/// is forgotten after <see cref="AccountOptions.FailureMemory"/> without failures.
/// </summary>
public sealed class LoginThrottle(NpgsqlDataSource db, TimeProvider clock, IOptions<AccountOptions> options)
{
    public const string Account = "account";
    public const string Address = "address";

    /// <summary>How long the longest lock on these keys still runs; zero when none is locked.</summary>
    public async Task<TimeSpan> LockedForAsync(string email, string? address, CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        await using var conn = await db.OpenConnectionAsync(ct);
        var until = await conn.ExecuteScalarAsync<DateTime?>(
            new CommandDefinition(
                """
                SELECT max(locked_until) FROM login_throttle
                WHERE ((scope = 'account' AND key = @email) OR (scope = 'address' AND key = @address))
                    AND locked_until > @now
                """,
                new
                {
                    email = UserStore.NormalizeEmail(email),
                    address = address ?? "",
                    now,
                },
                cancellationToken: ct
            )
        );
        return until is { } u ? u - now : TimeSpan.Zero;
    }

    /// <summary>Counts a failure against the account and the address (one round trip).</summary>
    public async Task RecordFailureAsync(string email, string? address, CancellationToken ct)
    {
        var o = options.Value;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn);
        batch.BatchCommands.Add(Upsert(Account, UserStore.NormalizeEmail(email), o.MaxFailedLogins));
        if (address is not null) batch.BatchCommands.Add(Upsert(Address, address, o.MaxFailedLoginsPerAddress));
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A successful login clears the account's record; the address keeps its count (one good account must not
    /// launder many guesses).</summary>
    public async Task ResetAccountAsync(string email, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM login_throttle WHERE scope = 'account' AND key = @key",
                new { key = UserStore.NormalizeEmail(email) },
                cancellationToken: ct
            )
        );
    }

    public static Task ResetAccountAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        string email,
        CancellationToken ct
    ) =>
        conn.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM login_throttle WHERE scope = 'account' AND key = @key",
                new { key = UserStore.NormalizeEmail(email) },
                tx,
                cancellationToken: ct
            )
        );

    private NpgsqlBatchCommand Upsert(string scope, string key, int limit)
    {
        var o = options.Value;
        // One statement, so concurrent failures cannot both read "limit - 1" and both skip the lock.
        // A record idle for longer than the memory starts over (failures and lockouts).
        var command = new NpgsqlBatchCommand("""
            INSERT INTO login_throttle AS t (scope, key, failures, lockouts, locked_until, updated_at)
            VALUES ($1, $2, 1, CASE WHEN $3 <= 1 THEN 1 ELSE 0 END, CASE WHEN $3 <= 1 THEN $4 + $5 ELSE NULL END, $4)
            ON CONFLICT (scope, key) DO UPDATE SET
                failures = CASE
                    WHEN t.updated_at < $4 - $7 THEN 1
                    WHEN t.failures + 1 >= $3 THEN 0
                    ELSE t.failures + 1 END,
                lockouts = CASE
                    WHEN t.updated_at < $4 - $7 THEN 0
                    WHEN t.failures + 1 >= $3 THEN t.lockouts + 1
                    ELSE t.lockouts END,
                locked_until = CASE
                    WHEN t.updated_at >= $4 - $7 AND t.failures + 1 >= $3
                        THEN $4 + least($5 * power(2, least(t.lockouts, 20)), $6)
                    ELSE t.locked_until END,
                updated_at = $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = scope });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.UtcNowForDb() });
        command.Parameters.Add(new NpgsqlParameter { Value = o.LockoutDuration });
        command.Parameters.Add(new NpgsqlParameter { Value = o.MaxLockoutDuration });
        command.Parameters.Add(new NpgsqlParameter { Value = o.FailureMemory });
        return command;
    }
}
