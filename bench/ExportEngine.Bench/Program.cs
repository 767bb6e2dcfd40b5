// ExportEngine.Bench: enqueue → outbox → RabbitMQ → RunJobConsumer (no-op handler) → completion row, measured from
// the jobs table. Phase 1: sustained throughput over a window (default 60 s) with the enqueuers kept ahead of the
// engine (bulk enqueue, then one job per transaction); phase 2: enqueue-to-start latency at a paced rate (default 500 jobs/s, 20 s).
// Usage: dotnet run -c Release --project bench/ExportEngine.Bench -- [seconds=60] [rate=500] [latencySeconds=20] [singleJobSeconds=20] [warmupSeconds=15] [--unsafe] [--stats] [--explain] [--set Key=Value]... [--pg name=value]...
// seconds=0 skips the bulk phase, singleJobSeconds=0 the one-job-per-transaction phase (each runs when its window is > 0).
// --stats: loads pg_stat_statements and prints, after each phase, the statements by total execution time, with calls per job.
// Every phase prints its legs (enqueue commit, relay pickup, publish, delivery, start claim, completion) from the engine's instruments.
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.ExportOrchestrator;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.Testing.Servers;
using ResumePair.ServiceDefaults;
using ResumePair.Migrations;

var seconds = args.Length > 0 ? int.Parse(args[0]) : 60;
var rate = args.Length > 1 ? int.Parse(args[1]) : 500;
var latencySeconds = args.Length > 2 ? int.Parse(args[2]) : 20;
var singleSeconds = args.Length > 3 && int.TryParse(args[3], out var single) ? single : 20;
var warmupSeconds = args.Length > 4 && int.TryParse(args[4], out var warm) ? warm : 15;
// --unsafe: fsync/synchronous_commit/full_page_writes off, to separate the engine's cost from the disk's (never a durability claim).
var unsafeDurability = args.Contains("--unsafe");
var statementStats = args.Contains("--stats");
// --explain: auto_explain logs the plans of a sample of statements to the PostgreSQL log, which is then kept (path printed).
var explain = args.Contains("--explain");
var root = Path.Combine(FindRepo(), ".data", "bench", "export-engine-" + Guid.NewGuid().ToString("N")[..8]);

Console.WriteLine($"ExportEngine.Bench: {Environment.ProcessorCount} cores, data under {root}");
// The servers as the AppHost runs them (Aspire resources, DCP); default durability unless --unsafe.
await using var servers = await LocalServers.StartAsync(root, fastUnsafe: unsafeDurability);
var postgres = servers.Postgres!;
var rabbit = servers.RabbitMq!;
if (statementStats || explain)
{
    await using (var admin = new NpgsqlConnection(postgres.ConnectionString("postgres")))
    {
        await admin.OpenAsync();
        await admin.ExecuteAsync("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements', 'auto_explain'");
        if (explain) await admin.ExecuteAsync("LOAD 'auto_explain'");
        if (explain)
            foreach (var setting in new[] { "auto_explain.log_min_duration = 0", "auto_explain.sample_rate = 0.01", "auto_explain.log_nested_statements = on", "auto_explain.log_analyze = on", "auto_explain.log_buffers = on" })
                await admin.ExecuteAsync("ALTER SYSTEM SET " + setting);
    }
    await postgres.RestartAsync();
}
// --pg name=value (repeatable): a PostgreSQL setting (ALTER SYSTEM + reload), to compare server settings.
var pgSettings = args.Zip(args.Skip(1)).Where(p => p.First == "--pg").Select(p => p.Second.Split('=', 2)).ToList();
if (pgSettings.Count > 0)
{
    await using var admin = new NpgsqlConnection(postgres.ConnectionString("postgres"));
    await admin.OpenAsync();
    foreach (var kv in pgSettings) await admin.ExecuteAsync($"ALTER SYSTEM SET {kv[0]} = '{kv[1]}'");
    await admin.ExecuteAsync("SELECT pg_reload_conf()");
    Console.WriteLine("PostgreSQL settings: " + string.Join(", ", pgSettings.Select(kv => kv[0] + "=" + kv[1])));
}
await postgres.CreateDatabaseAsync("exportsdb");
var connectionString = postgres.ConnectionString("exportsdb") + ";Maximum Pool Size=100";
await using (var migrate = NpgsqlDataSource.Create(connectionString))
{
    await MigrationRunner.ApplyAsync(migrate, typeof(ExportOptions).Assembly, NullLogger.Instance, CancellationToken.None);
    if (statementStats) await migrate.OpenConnection().ExecuteAsync("CREATE EXTENSION pg_stat_statements");
    Console.WriteLine("Durability: " + string.Join(", ", await migrate.OpenConnection().QueryAsync<string>(
        "SELECT name || '=' || setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method') ORDER BY name")));
}
Console.WriteLine("RabbitMQ: durable queues, persistent messages, publisher confirms (MassTransit defaults)");

var builder = WebApplication.CreateBuilder();
builder.Logging.ClearProviders();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:exportsdb"] = connectionString,
    ["ConnectionStrings:messaging"] = rabbit.AmqpUri,
    ["services:documents:http:0"] = "http://127.0.0.1:9", // not called: no-op jobs never reach the documents service
    ["Outbox:BatchSize"] = "500",
    ["Export:SchedulerInterval"] = "00:00:01",
});
// --set Key=Value (repeatable): a configuration override, to compare settings (e.g. --set Outbox:Concurrency=16).
var overrides = args.Zip(args.Skip(1)).Where(p => p.First == "--set").Select(p => p.Second.Split('=', 2)).ToList();
builder.Configuration.AddInMemoryCollection(overrides.Select(kv => KeyValuePair.Create(kv[0], (string?)kv[1])));
if (overrides.Count > 0) Console.WriteLine("Overrides: " + string.Join(", ", overrides.Select(kv => kv[0] + "=" + kv[1])));
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
await app.StartAsync();
var db = app.Services.GetRequiredService<NpgsqlDataSource>();
var enqueuer = app.Services.GetRequiredService<JobEnqueuer>();
var cpu = new CpuMeter(Path.GetFullPath(Path.Combine(root, "postgres")), Path.GetFullPath(Path.Combine(root, "messaging")));
var user = Guid.NewGuid();

// The engine's enqueue (JobEnqueuer): one transaction per call, the job rows and their outbox rows as two multi-row statements.
Task EnqueueAsync(int count, CancellationToken ct) =>
    enqueuer.EnqueueAsync(Enumerable.Range(0, count).Select(_ => new NewJob(NoopHandler.JobType, "{}", user)).ToList(), ct);
static string Load() => "load " + File.ReadAllText("/proc/loadavg").Split(' ')[..3].Aggregate((a, b) => a + " " + b);
// --stats also samples what the busy backends wait on, every 50 ms (counts per wait event over the phase).
var waits = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
using var stopSampling = new CancellationTokenSource();
var sampler = !statementStats ? Task.CompletedTask : Task.Run(async () =>
{
    await using var c = await db.OpenConnectionAsync();
    while (!stopSampling.IsCancellationRequested)
    {
        foreach (var w in await c.QueryAsync<string>(
            "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'"))
            waits.AddOrUpdate(w, 1, (_, n) => n + 1);
        try { await Task.Delay(50, stopSampling.Token); } catch (OperationCanceledException) { }
    }
});
using var legs = new Legs();
async Task ResetStatsAsync()
{
    legs.Reset();
    if (!statementStats) return;
    await using var c = await db.OpenConnectionAsync();
    await c.ExecuteAsync("SELECT pg_stat_statements_reset(); SELECT pg_stat_reset_shared('wal')");
    waits.Clear();
}
async Task PrintStatsAsync(long jobs)
{
    legs.Print();
    if (!statementStats || jobs == 0) return;
    await using var c = await db.OpenConnectionAsync();
    var rows = await c.QueryAsync<(long Calls, double TotalMs, long Rows, long Hit, long Read, string Query)>(
        """
        SELECT calls, total_exec_time, rows, shared_blks_hit, shared_blks_read, regexp_replace(left(query, 110), '\s+', ' ', 'g')
        FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 14
        """);
    Console.WriteLine("  statements by execution time (per job: calls, exec ms, buffers hit):");
    foreach (var r in rows)
        Console.WriteLine($"    {(double)r.Calls / jobs,6:F2} {r.TotalMs / jobs,7:F3} ms {(double)r.Hit / jobs,7:F1}  {r.Query}");
    var wal = await c.QuerySingleAsync<(long Records, long Fpi, decimal Bytes, long Writes, long Syncs)>(
        "SELECT wal_records, wal_fpi, wal_bytes, wal_write, wal_sync FROM pg_stat_wal");
    Console.WriteLine($"  WAL per job: {(double)wal.Records / jobs:F1} records, {(double)wal.Bytes / jobs:N0} bytes ({(double)wal.Fpi / jobs:F2} full-page images); " +
                      $"{(double)wal.Writes / jobs:F2} writes, {(double)wal.Syncs / jobs:F2} syncs");
    Console.WriteLine("  active backends by wait event (samples every 50 ms): " +
                      string.Join(", ", waits.OrderByDescending(w => w.Value).Take(8).Select(w => $"{w.Key} {w.Value}")));
}
async Task<long> CountAsync(string where) { await using var c = await db.OpenConnectionAsync(); return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM jobs WHERE {where}"); }

// Warm-up.
await EnqueueAsync(200, CancellationToken.None);
while (await CountAsync("status = 'completed'") < 200) await Task.Delay(100);

// Phase 1: sustained throughput, bulk enqueue (100 jobs per transaction), enqueuers kept ≤ 10,000 jobs ahead.
// Phase 1b: the same with one job per transaction (the single-request path), 32 enqueuers.
await SustainedAsync($"Phase 1: sustained throughput for {seconds} s, bulk enqueue (100 jobs per transaction)", seconds, enqueuers: 4, perTransaction: 100);
await SustainedAsync($"Phase 1b: sustained throughput for {singleSeconds} s, one job per transaction", singleSeconds, enqueuers: 32, perTransaction: 1);

async Task SustainedAsync(string title, int windowSeconds, int enqueuers, int perTransaction)
{
    if (windowSeconds <= 0) return;
    Console.WriteLine($"\n{title} ({Load()})");
    var baseline = await CountAsync("status = 'completed'");
    await ResetStatsAsync();
    var cpuBefore = cpu.Sample();
    var backlog = 0L;
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(windowSeconds));
    var started = Stopwatch.StartNew();
    var perSecond = new List<long>();
    var tasks = Enumerable.Range(0, enqueuers).Select(_ => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            if (Volatile.Read(ref backlog) > 10_000) { await Task.Delay(20); continue; }
            try { await EnqueueAsync(perTransaction, stop.Token); } catch (OperationCanceledException) { }
        }
    })).ToList();
    var last = baseline;
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(1000);
        var now = await CountAsync("status = 'completed'");
        Volatile.Write(ref backlog, await CountAsync("status IN ('pending', 'processing')"));
        perSecond.Add(now - last);
        last = now;
    }
    await Task.WhenAll(tasks);
    var completed = last - baseline;
    var elapsed = started.Elapsed.TotalSeconds;
    perSecond.Sort();
    Console.WriteLine($"  completed {completed:N0} jobs in {elapsed:F1} s = {completed / elapsed:N0} jobs/s " +
                      $"(per-second median {perSecond[perSecond.Count / 2]:N0}, min {perSecond[0]:N0}, max {perSecond[^1]:N0}; {Load()})");
    Console.WriteLine("  " + CpuMeter.PerThousandJobs(cpuBefore, cpu.Sample(), completed));
    await PrintStatsAsync(completed);
    // Drain before the next phase.
    while (await CountAsync("status IN ('pending', 'processing')") > 0) await Task.Delay(200);
}

// Phase 2: enqueue-to-start at a paced rate, one job per transaction (as a user request would), after a warm-up at
// the same rate (tiered JIT: without it a short run measures instrumented code, ~15% of the CPU going to the JIT).
await PacedAsync($"Warm-up: {rate} jobs/s for {warmupSeconds} s (not measured)", warmupSeconds, report: false);
await PacedAsync($"Phase 2: {rate} jobs/s for {latencySeconds} s, one job per transaction", latencySeconds, report: true);

async Task PacedAsync(string title, int windowSeconds, bool report)
{
    if (windowSeconds <= 0) return;
    Console.WriteLine($"\n{title} ({Load()})");
    var since = TimeProvider.System.GetUtcNow();
    await ResetStatsAsync();
    var cpuBefore = cpu.Sample();
    var total = rate * windowSeconds;
    var clock = Stopwatch.StartNew();
    var inFlight = new List<Task>();
    // At most 32 enqueue transactions at once: when the database cannot keep up the schedule slips (reported below).
    using (var slots = new SemaphoreSlim(32))
    {
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            await slots.WaitAsync();
            inFlight.Add(Task.Run(async () => { try { await EnqueueAsync(1, CancellationToken.None); } finally { slots.Release(); } }));
        }
        await Task.WhenAll(inFlight);
    }
    var achieved = total / clock.Elapsed.TotalSeconds;
    while (await CountAsync("status IN ('pending', 'processing')") > 0) await Task.Delay(200);
    if (!report) return;
    Console.WriteLine($"  enqueued {total:N0} in {clock.Elapsed.TotalSeconds:F1} s (achieved {achieved:N0}/s)");
    Console.WriteLine("  " + CpuMeter.PerThousandJobs(cpuBefore, cpu.Sample(), total));
    await using (var c = await db.OpenConnectionAsync())
    {
        var p = await c.QuerySingleAsync<(double P50, double P95, double P99, double Max)>(
            """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY ms),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms)
            FROM (SELECT extract(epoch FROM started_at - created_at) * 1000 AS ms FROM jobs WHERE created_at >= @since) t
            """, new { since });
        Console.WriteLine($"  enqueue-to-start ms: p50 {p.P50:F1}, p95 {p.P95:F1}, p99 {p.P99:F1}, max {p.Max:F1} ({Load()})");
    }
    await PrintStatsAsync(total);
}
Console.WriteLine($"\nTotals: {await CountAsync("status = 'completed'"):N0} completed, {await CountAsync("status <> 'completed'"):N0} not completed, " +
                  $"{await CountAsync("attempts > 1")} retried");
await stopSampling.CancelAsync();
await sampler;
await app.StopAsync();
await app.DisposeAsync();
await rabbit.StopAsync();
await postgres.StopAsync();
if (explain) Console.WriteLine($"Plans: {Path.Combine(root, "postgres", "server.log")}");
else try { Directory.Delete(root, recursive: true); } catch (IOException) { }

static string FindRepo()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "ResumePair.sln"))) return d.FullName;
    throw new InvalidOperationException("Run from inside the repository.");
}
