using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.Web.RateLimiting;

/// <summary>
/// Fixed-window counters in the service's own Postgres, so a limit holds across every replica and restart.
/// Windows are aligned to the Unix epoch (a 1-day window resets at 00:00 UTC). A denied request does not count.
/// </summary>
public sealed class PostgresRateLimiter(
    NpgsqlDataSource dataSource,
    IOptionsMonitor<RateLimitOptions> options,
    TimeProvider clock
)
{
    private const string Acquire = """
        INSERT INTO rate_limit_windows AS w (key, window_start, hits) VALUES (@key, @start, 1)
        ON CONFLICT (key, window_start) DO UPDATE SET hits = w.hits + 1 WHERE w.hits < @limit
        RETURNING hits
        """;

    public RateLimitPolicy Policy(string name) =>
        options.CurrentValue.Policies.TryGetValue(name, out var policy) ? policy
            : throw new InvalidOperationException($"No rate-limit policy named '{name}' is configured.");

    public async Task<RateLimitDecision> TryAcquireAsync(string policyName, string partition, CancellationToken ct)
    {
        var policy = Policy(policyName);
        var (start, reset) = Window(policy);
        await using var cmd = dataSource.CreateCommand(Acquire);
        cmd.Parameters.AddWithValue("key", $"{policyName}:{partition}");
        cmd.Parameters.AddWithValue("start", start);
        cmd.Parameters.AddWithValue("limit", policy.PermitLimit);
        var hits = await cmd.ExecuteScalarAsync(ct) as int?;
        return hits is { } used
            ? new RateLimitDecision(true, policy.PermitLimit, policy.PermitLimit - used, reset, TimeSpan.Zero)
            : new RateLimitDecision(false, policy.PermitLimit, 0, reset, reset - clock.GetUtcNow());
    }

    /// <summary>
    /// Gives back one permit taken by <see cref="TryAcquireAsync"/> (e.g. the work it paid for failed on our side).
    /// It goes back to the window the permit came from; once that window has ended there is nothing to return.
    /// </summary>
    public async Task ReleaseAsync(
        string policyName,
        string partition,
        RateLimitDecision acquired,
        CancellationToken ct
    )
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE rate_limit_windows SET hits = hits - 1 WHERE key = @key AND window_start = @start AND hits > 0");
        cmd.Parameters.AddWithValue("key", $"{policyName}:{partition}");
        cmd.Parameters.AddWithValue("start", acquired.ResetsAt - Policy(policyName).Window);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The current window's standing without counting a request (e.g. a quota shown to the user).</summary>
    public async Task<RateLimitDecision> PeekAsync(string policyName, string partition, CancellationToken ct)
    {
        var policy = Policy(policyName);
        var (start, reset) = Window(policy);
        await using var cmd = dataSource.CreateCommand(
            "SELECT hits FROM rate_limit_windows WHERE key = @key AND window_start = @start"
        );
        cmd.Parameters.AddWithValue("key", $"{policyName}:{partition}");
        cmd.Parameters.AddWithValue("start", start);
        var used = await cmd.ExecuteScalarAsync(ct) as int? ?? 0;
        var remaining = Math.Max(0, policy.PermitLimit - used);
        return new RateLimitDecision(
            remaining > 0,
            policy.PermitLimit,
            remaining,
            reset,
            remaining > 0 ? TimeSpan.Zero : reset - clock.GetUtcNow()
        );
    }

    /// <summary>
    /// A deleted account's counters (every policy partitioned by its id, as <c>RequireUserRateLimit</c> and quotas do),
    /// in the caller's transaction. A rare event: the suffix match scans the table, which holds only live windows.
    /// </summary>
    public static async Task<int> DeleteUserAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        Guid userId,
        CancellationToken ct
    )
    {
        await using var cmd = new NpgsqlCommand(
            "DELETE FROM rate_limit_windows WHERE key LIKE '%:' || @partition",
            conn,
            tx
        );
        cmd.Parameters.AddWithValue("partition", userId.ToString("N"));
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private (DateTimeOffset Start, DateTimeOffset Reset) Window(RateLimitPolicy policy)
    {
        var now = clock.GetUtcNow();
        var ticks = policy.Window.Ticks;
        var start = new DateTimeOffset(
            now.UtcTicks - (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % ticks,
            TimeSpan.Zero
        );
        return (start, start + policy.Window);
    }
}
