using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.Documents.Accounts;

/// <summary>Sessions that ended since <paramref name="Next"/>'s predecessor; pass <paramref name="Next"/> back next
/// time.</summary>
public sealed record RevokedSessions(string Next, IReadOnlyList<Guid> Sessions);

/// <summary>
/// The feed of ended sessions (table <c>session_revocations</c>, written by triggers on <c>sessions</c>: migration
/// 0025). The cursor is the xmin of the snapshot a read used: the next read returns every row that snapshot could
/// not see (some it did see, too: readers keep a set). Rows are kept a day; a read returns those younger than an access
/// token's lifetime plus a minute, after which no token of the session validates anyway. The database's clock
/// throughout: the rows are stamped by its triggers.
/// </summary>
public sealed class SessionRevocations(NpgsqlDataSource db, IOptions<AccountOptions> options)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    /// <param name="after">A cursor from an earlier read, or null for every row of the window (a reader that
    /// starts).</param>
    public async Task<RevokedSessions> ReadAsync(ulong? after, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // One statement, so the rows and the cursor come from the same snapshot.
        var row = await conn.QuerySingleAsync<(string Next, Guid[] Sessions)>(new CommandDefinition("""
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text,
                   ARRAY(SELECT DISTINCT session_id FROM session_revocations
                         WHERE tx >= @after::text::xid8 AND revoked_at > now() - @window)
            """, new { after = (after ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                       window = options.Value.AccessTokenLifetime + TimeSpan.FromMinutes(1) },
            cancellationToken: ct));
        return new RevokedSessions(row.Next, row.Sessions);
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM session_revocations WHERE revoked_at < now() - @retention", new { retention = Retention },
            cancellationToken: ct));
    }
}
