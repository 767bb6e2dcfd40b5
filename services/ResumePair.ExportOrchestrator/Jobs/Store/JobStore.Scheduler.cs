using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>The scheduler's jobs SQL: attempts due for dispatch, over their run-time limit, or silent. SKIP
/// LOCKED.</summary>
public static partial class JobStore
{
    /// <summary>Pending attempts of jobs run elsewhere (renders) whose run_after has come and that are not out
    /// yet.</summary>
    public static async Task<List<Job>> LockDueForDispatchAsync(NpgsqlConnection c, NpgsqlTransaction tx,
        string[] inProcessTypes, DateTimeOffset now, int limit, CancellationToken ct) =>
        (await c.QueryAsync<Job>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM jobs
            WHERE status = 'pending' AND dispatched_attempt < attempts AND run_after <= @now
              AND NOT type = ANY(@inProcessTypes)
            ORDER BY priority DESC, run_after LIMIT @limit FOR UPDATE SKIP LOCKED
            """, new { now, limit, inProcessTypes }, tx, cancellationToken: ct))).ToList();

    /// <summary>Attempts out (dispatched or claimed) for longer than their type's run-time limit.</summary>
    public static async Task<List<Job>> LockOverdueAsync(NpgsqlConnection c, NpgsqlTransaction tx, string[] types,
        TimeSpan[] timeouts, TimeSpan defaultTimeout, DateTimeOffset now, int limit, CancellationToken ct) =>
        (await c.QueryAsync<Job>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM jobs
            WHERE status IN ('pending', 'processing') AND dispatched_attempt = attempts
              AND dispatched_at < @now - COALESCE((SELECT t.timeout FROM unnest(@types::text[], @timeouts::interval[])
                                                   AS t(type, timeout) WHERE t.type = jobs.type), @defaultTimeout)
            LIMIT @limit FOR UPDATE SKIP LOCKED
            """, new { types, timeouts, defaultTimeout, now, limit }, tx, cancellationToken: ct))).ToList();

    /// <summary>Processing attempts whose worker has not heartbeated since <paramref name="silentSince"/>.</summary>
    public static async Task<List<Job>> LockSilentAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        DateTimeOffset silentSince,
        int limit,
        CancellationToken ct
    ) =>
        (
            await c.QueryAsync<Job>(
                new CommandDefinition(
                    $"""
                    SELECT {Columns} FROM jobs WHERE status = 'processing' AND heartbeat_at < @silentSince
                    LIMIT @limit FOR UPDATE SKIP LOCKED
                    """,
                    new { silentSince, limit },
                    tx,
                    cancellationToken: ct
                )
            )
        ).ToList();
}
