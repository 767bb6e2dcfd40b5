using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>The jobs SQL of GET /api/v1/jobs/stats.</summary>
public static partial class JobStore
{
    /// <summary>
    /// Percentiles are percentile_cont over the last hour's jobs: run time is started → completed; enqueue-to-start is
    /// created → started.
    /// </summary>
    public static async Task<JobStatsView> ReadStatsAsync(NpgsqlDataSource db, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { now, hourAgo = now - TimeSpan.FromHours(1) };
        await using var c = await db.OpenConnectionAsync(ct);
        var queues = (
            await c.QueryAsync<QueueDepth>(
                new CommandDefinition(
                    """
                    SELECT queue, count(*) FILTER (WHERE status = 'pending')::int AS pending,
                           count(*) FILTER (WHERE status = 'processing')::int AS processing
                    FROM jobs WHERE status IN ('pending', 'processing') GROUP BY queue ORDER BY queue
                    """,
                    args,
                    cancellationToken: ct
                )
            )
        ).ToList();
        var totals = await c.QuerySingleAsync<Totals>(
            new CommandDefinition(
                """
                SELECT count(*) FILTER (WHERE status = 'processing')::int AS processing,
                       count(*) FILTER (WHERE status = 'completed' AND completed_at > @hourAgo)::int
                           AS completed_last_hour,
                       count(*) FILTER (WHERE status IN ('failed', 'dead_letter') AND completed_at > @hourAgo)::int
                           AS failed_last_hour,
                       count(*) FILTER (WHERE status = 'dead_letter')::int AS dead_letters
                FROM jobs
                """,
                args,
                cancellationToken: ct
            )
        );
        var latency = await c.QuerySingleAsync<Percentiles>(
            new CommandDefinition(
                """
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY run_ms) AS run_p50,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY run_ms) AS run_p95,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY run_ms) AS run_p99,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY start_ms) AS start_p50,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY start_ms) AS start_p95,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY start_ms) AS start_p99
                FROM (SELECT extract(epoch FROM completed_at - started_at) * 1000 AS run_ms,
                             extract(epoch FROM started_at - created_at) * 1000 AS start_ms
                      FROM jobs WHERE status = 'completed' AND completed_at > @hourAgo AND started_at IS NOT NULL) t
                """,
                args,
                cancellationToken: ct
            )
        );
        var perMinute = (await c.QueryAsync<MinuteCount>(new CommandDefinition(
            """
            SELECT date_trunc('minute', completed_at) AS minute, count(*)::int AS completed
            FROM jobs WHERE status = 'completed' AND completed_at > @hourAgo GROUP BY 1 ORDER BY 1
            """, args, cancellationToken: ct))).ToList();
        // The dashboard's hour-long chart comes from the job rows, so it is whole the moment the page opens:
        // 60 points a minute apart ending now: jobs waiting, jobs running, and jobs completed in the minute before each
        // point.
        var history = (
            await c.QueryAsync<MinuteSample>(
                new CommandDefinition(
                    """
                    SELECT m AS minute,
                           count(j.id) FILTER (WHERE (j.started_at IS NULL OR j.started_at > m)
                                                AND (j.completed_at IS NULL OR j.completed_at > m))::int AS queue_depth,
                           count(j.id) FILTER (WHERE j.started_at <= m
                                                AND (j.completed_at IS NULL OR j.completed_at > m))::int AS processing,
                           count(j.id) FILTER (WHERE j.status = 'completed' AND j.completed_at > m - interval '1 minute'
                                                AND j.completed_at <= m)::int AS completed
                    FROM generate_series(CAST(@now AS timestamptz) - interval '59 minutes', CAST(@now AS timestamptz),
                                         interval '1 minute') AS m
                    LEFT JOIN jobs j ON j.created_at <= m
                        AND (j.completed_at IS NULL OR j.completed_at > m - interval '1 minute')
                    GROUP BY m ORDER BY m
                    """,
                    args,
                    cancellationToken: ct
                )
            )
        ).ToList();
        return new JobStatsView(
            queues,
            totals.Processing,
            totals.CompletedLastHour,
            totals.FailedLastHour,
            totals.DeadLetters,
            Math.Round(totals.CompletedLastHour / 60.0, 2),
            perMinute,
            history,
            new LatencyView(latency.RunP50, latency.RunP95, latency.RunP99),
            new LatencyView(latency.StartP50, latency.StartP95, latency.StartP99),
            now
        );
    }

    public sealed class QueueDepth
    {
        public string Queue { get; init; } = "";
        public int Pending { get; init; }
        public int Processing { get; init; }
    }
    public sealed class MinuteCount { public DateTime Minute { get; init; } public int Completed { get; init; } }

    public sealed class MinuteSample
    {
        public DateTime Minute { get; init; }
        public int QueueDepth { get; init; }
        public int Processing { get; init; }
        public int Completed { get; init; }
    }

    private sealed class Totals
    {
        public int Processing { get; init; }
        public int CompletedLastHour { get; init; }
        public int FailedLastHour { get; init; }
        public int DeadLetters { get; init; }
    }
    private sealed class Percentiles
    {
        public double? RunP50 { get; init; } public double? RunP95 { get; init; } public double? RunP99 { get; init; }
        public double? StartP50 { get; init; }
        public double? StartP95 { get; init; }
        public double? StartP99 { get; init; }
    }
}

/// <summary>Milliseconds; null when nothing completed in the last hour.</summary>
public sealed record LatencyView(double? P50, double? P95, double? P99);

public sealed record JobStatsView(
    IReadOnlyList<JobStore.QueueDepth> Queues,
    int Processing,
    int CompletedLastHour,
    int FailedLastHour,
    int DeadLetters,
    double ThroughputPerMinute,
    IReadOnlyList<JobStore.MinuteCount> CompletedPerMinute,
    IReadOnlyList<JobStore.MinuteSample> History,
    LatencyView RunTimeMs,
    LatencyView EnqueueToStartMs,
    DateTimeOffset At
);
