using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.AiProxy.Usage;

public sealed record UsageEntry(Guid UserId, string Feature, string Provider, string Model, int TokensIn, int TokensOut,
    TimeSpan Latency, bool CacheHit, string Outcome);

public sealed record FeatureStats(
    string Feature,
    string Provider,
    string Model,
    long Requests,
    long CacheHits,
    long Failures,
    long TokensIn,
    long TokensOut,
    decimal CostUsd,
    double LatencyP50Ms,
    double LatencyP95Ms
);

public sealed record UsageStats(
    DateTimeOffset Since,
    DateTimeOffset Until,
    long Requests,
    long CacheHits,
    long Failures,
    long Users,
    long TokensIn,
    long TokensOut,
    decimal CostUsd,
    IReadOnlyList<FeatureStats> ByFeature
);

/// <summary>One row per AI answer or failure, for operators; written best effort (a ledger outage never fails a user's
/// request).</summary>
public sealed class UsageLedger(
    NpgsqlDataSource db,
    IOptions<AiOptions> options,
    TimeProvider time,
    ILogger<UsageLedger> logger
)
{
    public async Task RecordAsync(UsageEntry e)
    {
        var o = options.Value;
        // A cache hit cost nothing; the offline provider costs nothing.
        var cost =
            e.CacheHit || e.Provider == "offline"
                ? 0m
                : Math.Round(
                    e.TokensIn / 1000m * o.CostPer1kInputTokens + e.TokensOut / 1000m * o.CostPer1kOutputTokens,
                    6
                );
        try
        {
            await using var c = await db.OpenConnectionAsync();
            await c.ExecuteAsync(
                """
                INSERT INTO ai_usage (user_id, feature, provider, model, tokens_in, tokens_out, cost_usd, latency_ms,
                                      cache_hit, outcome, created_at)
                VALUES (@UserId, @Feature, @Provider, @Model, @TokensIn, @TokensOut, @cost, @latency, @CacheHit,
                        @Outcome, @now)
                """,
                new
                {
                    e.UserId,
                    e.Feature,
                    e.Provider,
                    e.Model,
                    e.TokensIn,
                    e.TokensOut,
                    cost,
                    latency = (int)e.Latency.TotalMilliseconds,
                    e.CacheHit,
                    e.Outcome,
                    now = time.GetUtcNow(),
                }
            );
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(ex, "Usage ledger write failed for {Feature}", e.Feature);
        }
    }

    public async Task<UsageStats> StatsAsync(TimeSpan window, CancellationToken ct)
    {
        var until = time.GetUtcNow();
        var since = until - window;
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = (await c.QueryAsync<FeatureStats>(new CommandDefinition("""
            SELECT feature, provider, model, count(*) AS requests,
                   count(*) FILTER (WHERE cache_hit) AS cachehits,
                   count(*) FILTER (WHERE outcome <> 'ok') AS failures,
                   coalesce(sum(tokens_in), 0) AS tokensin, coalesce(sum(tokens_out), 0) AS tokensout,
                   coalesce(sum(cost_usd), 0) AS costusd,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS latencyp50ms,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS latencyp95ms
            FROM ai_usage WHERE created_at > @since AND created_at <= @until
            GROUP BY feature, provider, model ORDER BY requests DESC, feature
            """, new { since, until }, cancellationToken: ct))).ToList();
        var users = await c.ExecuteScalarAsync<long>(
            new CommandDefinition(
                "SELECT count(DISTINCT user_id) FROM ai_usage WHERE created_at > @since AND created_at <= @until",
                new { since, until },
                cancellationToken: ct
            )
        );
        return new UsageStats(
            since,
            until,
            rows.Sum(r => r.Requests),
            rows.Sum(r => r.CacheHits),
            rows.Sum(r => r.Failures),
            users,
            rows.Sum(r => r.TokensIn),
            rows.Sum(r => r.TokensOut),
            rows.Sum(r => r.CostUsd),
            rows
        );
    }
}
