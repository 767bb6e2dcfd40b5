using Dapper;

namespace Cluster.Bench;

/// <summary>
/// Issue #8's load benchmark: sustained mixed traffic (autosaves, reads, exports offered faster than one renderer
/// prints) against 1, 2 and 4 renderer replicas. Prints export throughput, API latency and where the CPU went
/// (so it shows which part — Chromium, PostgreSQL, RabbitMQ, a service — is the limit on this machine).
/// </summary>
public static class MixedLoad
{
    // The per-user export limits (3 unfinished, 5/min, 100/h) would cap the offered load long before the renderers:
    // raised here so the queue, not the policy, decides. Everything else is the product's default.
    private static readonly Dictionary<string, string> LoadSettings = new()
    {
        ["Export__MaxUnfinishedJobsPerUser"] = "100",
        ["Export__MaxJobsPerUserPerHour"] = "100000",
        ["RateLimits__Policies__export-requests__PermitLimit"] = "100000",
    };

    public static async Task RunAsync(
        int[] rendererCounts,
        int userCount,
        TimeSpan window,
        TimeSpan exportEvery,
        CancellationToken ct
    )
    {
        Console.WriteLine(
            $"mixed load: {userCount} users, each autosaving every 2 s, reading every 2 s, "
                + $"exporting every {exportEvery.TotalSeconds:0.#} s (offered "
                + $"{userCount / exportEvery.TotalSeconds:0.0} exports/s); 15 s warm-up, "
                + $"{window.TotalSeconds:0} s measured; {Environment.ProcessorCount} cores"
        );
        var rows = new List<string>();
        foreach (var renderers in rendererCounts)
        {
            await using var cluster = await Cluster.StartAsync(renderers, $"pdf-renderer={renderers}", LoadSettings);
            var gateways = Api.Clients(cluster.Gateways);
            var users = await User.CreateAsync(gateways, userCount, ct);
            var ledger = new Ledger();
            var stopAt = DateTime.UtcNow + TimeSpan.FromSeconds(15) + window;
            var load = new Workload(
                ledger,
                TimeSpan.FromSeconds(2),
                TimeSpan.FromSeconds(2),
                exportEvery,
                TimeSpan.Zero
            ).RunAsync(users, stopAt, ct);
            await Task.Delay(TimeSpan.FromSeconds(15), ct);

            await using var db = cluster.Database("exportsdb");
            await using var connection = await db.OpenConnectionAsync(ct);
            foreach (var queue in ledger.LatencyMs.Values) queue.Clear();
            var cpuBefore = cluster.CpuSeconds();
            var t0 = await connection.ExecuteScalarAsync<DateTime>("SELECT now()");
            var acceptedBefore = ledger.AcceptedExports.Count;
            await Task.Delay(window, ct);
            var t1 = await connection.ExecuteScalarAsync<DateTime>("SELECT now()");
            var cpuAfter = cluster.CpuSeconds();
            var accepted = ledger.AcceptedExports.Count - acceptedBefore;
            var completed = await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM jobs WHERE type = 'export_pdf' AND status = 'completed' AND completed_at >= @t0 "
                    + "AND completed_at < @t1",
                new { t0, t1 }
            );
            var backlog = await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM jobs WHERE status IN ('pending', 'processing')"
            );
            await load;

            var seconds = (t1 - t0).TotalSeconds;
            var cpu = cpuAfter
                .Select(kv =>
                    (Group: kv.Key, Percent: (kv.Value - cpuBefore.GetValueOrDefault(kv.Key)) / seconds * 100)
                )
                .Where(g => g.Percent >= 1)
                .OrderByDescending(g => g.Percent)
                .ToList();
            string P(string kind, double p) =>
                Ledger.Percentile(ledger.LatencyMs.TryGetValue(kind, out var q) ? q : [], p).ToString("0");
            var row =
                $"{renderers, 9} {accepted / seconds, 14:0.0} {completed / seconds, 16:0.00} {backlog, 14} "
                    + $"{P("autosave", 0.5), 8}/{P("autosave", 0.95), -6} {P("read", 0.5), 8}/{P("read", 0.95), -6} "
                    + $"{ledger.Failures.Count, 8}  "
                + string.Join(", ", cpu.Select(g => $"{g.Group} {g.Percent:0}%"));
            rows.Add(row);
            Console.WriteLine($"renderers={renderers}: {row}");
        }
        Console.WriteLine();
        Console.WriteLine(
            $"{"renderers", 9} {"offered exp/s", 14} {"completed exp/s", 16} {"backlog at end", 14} "
                + $"{"autosave p50/p95 ms", 16} {"read p50/p95 ms", 16} {"failures", 8}  CPU by process group (of "
                + $"{Environment.ProcessorCount * 100}%)"
        );
        foreach (var row in rows) Console.WriteLine(row);
    }
}
