namespace Cluster.Bench;

/// <summary>
/// Issue #8's fault drills: under steady mixed traffic, one fault at a time, then every acknowledged autosave and
/// accepted export is read back. Prints, per drill, accepted work lost (must be 0), done twice (must be 0) and the
/// recovery time (fault → last failed attempt).
/// </summary>
public static class FaultDrills
{
    private static readonly Dictionary<string, string> DrillSettings = new()
    {
        // A renderer that vanishes is noticed in seconds, not the production 2 minutes.
        ["Export__HeartbeatInterval"] = "00:00:02",
        ["Export__HeartbeatTimeout"] = "00:00:10",
        ["Export__RetryBaseDelay"] = "00:00:01",
        ["Export__RetryMaxDelay"] = "00:00:05",
    };

    /// <param name="only">Run only the drills whose name contains this (plus the baseline); null = all.</param>
    public static async Task RunAsync(
        int userCount,
        TimeSpan before,
        TimeSpan after,
        string? only,
        CancellationToken ct
    )
    {
        const string replicas = "documents=2,export-orchestrator=2,ai-proxy=2,gateway=2,pdf-renderer=2";
        Console.WriteLine(
            $"fault drills: {userCount} users (autosave every 2 s, read every 2 s, export every 15 s, "
                + $"a quarter call AI every 10 s); replicas {replicas}; fault after {before.TotalSeconds:0} s, "
                + $"load continues {after.TotalSeconds:0} s; {Environment.ProcessorCount} cores"
        );
        await using var cluster = await Cluster.StartAsync(renderers: 2, replicas, DrillSettings);
        await Verify.PrepareExportsAsync(cluster, ct);
        var gateways = Api.Clients(cluster.Gateways);
        var users = await User.CreateAsync(gateways, userCount, ct);

        (string Name, Func<Task> Inject)[] drills =
        [
            ("baseline (no fault)", () => Task.CompletedTask),
            ("postgres restarted", () => cluster.Postgres.RestartAsync(ct)),
            ("postgres crashed (SIGKILL) + restarted", async () =>
            {
                await cluster.Postgres.KillAsync();
                await cluster.Postgres.RestartAsync(ct);
            }),
            ("rabbitmq restarted", () => cluster.Rabbit.RestartAsync(ct)),
            ("rabbitmq crashed (SIGKILL) + restarted", async () =>
            {
                await cluster.Rabbit.KillAsync();
                await cluster.Rabbit.RestartAsync(ct);
            }),
            ("documents replica killed", () => Kill(cluster, "ResumePair.Documents")),
            ("export-orchestrator replica killed", () => Kill(cluster, "ResumePair.ExportOrchestrator")),
            ("ai-proxy replica killed", () => Kill(cluster, "ResumePair.AiProxy")),
            ("pdf-renderer replica killed", () => Kill(cluster, "ResumePair.PdfRenderer")),
            // The replica every client is using (clients start on the first gateway and fail over to the next).
            ("gateway replica killed", () => Kill(cluster, "ResumePair.Gateway", cluster.Gateways[0].Port)),
        ];

        Console.WriteLine();
        Console.WriteLine(
            $"{"drill", -40} {"autosaves acked", 15} {"lost", 5} {"twice", 5} {"exports accepted", 16} {"done", 5} "
                + $"{"lost", 5} {"twice", 5} {"failed tries", 12} {"recovery s", 10} {"fault took s", 12} "
                + $"{"autosave p95 ms", 15}"
        );
        var totalLost = 0;
        var totalTwice = 0;
        foreach (
            var (name, inject) in drills.Where(d =>
                only is null
                || d.Name.StartsWith("baseline")
                || d.Name.Contains(only, StringComparison.OrdinalIgnoreCase)
            )
        )
        {
            var ledger = new Ledger();
            var drillUsers = new List<User>();
            foreach (var user in users) drillUsers.Add(await user.WithFreshDocumentAsync(ct));
            var stopAt = DateTime.UtcNow + before + after;
            var load = new Workload(
                ledger,
                TimeSpan.FromSeconds(2),
                TimeSpan.FromSeconds(2),
                TimeSpan.FromSeconds(15),
                TimeSpan.FromSeconds(10)
            ).RunAsync(drillUsers, stopAt, ct);
            await Task.Delay(before, ct);
            var fault = DateTime.UtcNow;
            await inject();
            var faultTook = DateTime.UtcNow - fault;
            await load;
            var saves = await Verify.AutosavesAsync(drillUsers, ledger, ct);
            var exports = await Verify.ExportsAsync(cluster, ledger, TimeSpan.FromMinutes(3), ct);
            var lost = saves.Lost + exports.Lost;
            var twice = saves.AppliedTwice + exports.CompletedTwice;
            totalLost += lost;
            totalTwice += twice;
            var p95 = Ledger.Percentile(ledger.LatencyMs.GetValueOrDefault("autosave") ?? [], 0.95);
            Console.WriteLine(
                $"{name, -40} {saves.Acked, 15} {saves.Lost, 5} {saves.AppliedTwice, 5} {exports.Accepted, 16} "
                    + $"{exports.Completed, 5} {exports.Lost, 5} {exports.CompletedTwice, 5} "
                    + $"{ledger.Failures.Count, 12} "
                    + $"{(name.StartsWith("baseline") ? 0 : ledger.RecoverySeconds(fault)), 10:0.0} "
                    + $"{faultTook.TotalSeconds, 12:0.0} {p95, 15:0}"
            );
            if (saves.AppliedUnacknowledged > 0)
                Console.WriteLine(
                    $"    {saves.AppliedUnacknowledged} autosave(s) applied whose answer never arrived (client gave up)"
                );
            if (exports.Failed > 0 || exports.Unfinished > 0)
                Console.WriteLine(
                    $"    exports: {exports.Failed} failed/dead-lettered, {exports.Unfinished} unfinished after 3 min"
                );
            foreach (
                var group in ledger.Failures.GroupBy(f => (f.Kind, f.What)).OrderByDescending(g => g.Count()).Take(4)
            )
                Console.WriteLine($"    {group.Count(), 5} × {group.Key.Kind}: {Trim(group.Key.What)}");
            foreach (var anomaly in ledger.Anomalies.Take(3)) Console.WriteLine($"    anomaly: {Trim(anomaly)}");
            await SettleAsync(gateways, ct);
        }
        Console.WriteLine();
        Console.WriteLine($"total accepted work lost: {totalLost}; completed twice: {totalTwice}");
    }

    private static Task Kill(Cluster cluster, string assembly, int? port = null)
    {
        cluster.Kill(assembly, port);
        return Task.CompletedTask;
    }

    /// <summary>Before the next drill: every replica healthy again (the launcher restarts what was killed).</summary>
    private static async Task SettleAsync(IReadOnlyList<HttpClient> gateways, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var healthyInARow = 0;
        while (DateTime.UtcNow < deadline && healthyInARow < 3)
        {
            var allHealthy = true;
            foreach (var gateway in gateways)
            {
                try
                {
                    using var response = await gateway.GetAsync("/health", ct);
                    allHealthy &= response.IsSuccessStatusCode;
                }
                catch (HttpRequestException) { allHealthy = false; }
            }
            healthyInARow = allHealthy ? healthyInARow + 1 : 0;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private static string Trim(string text) => text.Length > 140 ? text[..140] + "…" : text;
}
