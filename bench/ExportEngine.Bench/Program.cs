// ExportEngine.Bench: enqueue → outbox → RabbitMQ → RunJobConsumer (no-op handler) → completion row, measured from
// the jobs table. Phase 1: sustained throughput over a window (default 60 s) with the enqueuers kept ahead of the
// engine; phase 2: enqueue-to-start latency at a paced rate (default 500 jobs/s, 20 s).
// Usage: dotnet run -c Release --project bench/ExportEngine.Bench -- [seconds=60] [rate=500] [latencySeconds=20] [--unsafe]
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.ExportOrchestrator;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Handlers;
using ResumePair.LocalInfrastructure;
using ResumePair.ServiceDefaults;
using ResumePair.ServiceDefaults.Data;

var seconds = args.Length > 0 ? int.Parse(args[0]) : 60;
var rate = args.Length > 1 ? int.Parse(args[1]) : 500;
var latencySeconds = args.Length > 2 ? int.Parse(args[2]) : 20;
// --unsafe: fsync/synchronous_commit/full_page_writes off, to separate the engine's cost from the disk's (never a durability claim).
var unsafeDurability = args.Contains("--unsafe");
var root = Path.Combine(FindRepo(), ".data", "bench", "export-engine-" + Guid.NewGuid().ToString("N")[..8]);

Console.WriteLine($"ExportEngine.Bench: {Environment.ProcessorCount} cores, data under {root}");
await using var postgres = await PostgresServer.StartAsync(Path.Combine(root, "pg"), fastUnsafe: unsafeDurability); // default durability unless --unsafe
await using var rabbit = await RabbitMqServer.StartAsync(Path.Combine(root, "mq"));
await postgres.CreateDatabaseAsync("exportsdb");
var connectionString = postgres.ConnectionString("exportsdb") + ";Maximum Pool Size=100";
await using (var migrate = NpgsqlDataSource.Create(connectionString))
{
    await MigrationRunner.ApplyAsync(migrate, typeof(ExportOptions).Assembly, NullLogger.Instance, CancellationToken.None);
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
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
await app.StartAsync();
var db = app.Services.GetRequiredService<NpgsqlDataSource>();
var dispatcher = app.Services.GetRequiredService<JobDispatcher>();
var time = TimeProvider.System;
var user = Guid.NewGuid();

// The engine's enqueue: one transaction per call inserting the job rows and their outbox rows.
async Task EnqueueAsync(int count, CancellationToken ct)
{
    await using var c = await db.OpenConnectionAsync(ct);
    await using var tx = await c.BeginTransactionAsync(ct);
    for (var i = 0; i < count; i++)
    {
        var id = Guid.CreateVersion7();
        await JobStore.InsertGenericAsync(c, tx, id, NoopHandler.JobType, "{}", user, 5, time.GetUtcNow(), ct);
        await dispatcher.DispatchInProcessAsync(c, tx, id, NoopHandler.JobType, 1, ct);
    }
    await tx.CommitAsync(ct);
}
async Task<long> CountAsync(string where) { await using var c = await db.OpenConnectionAsync(); return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM jobs WHERE {where}"); }

// Warm-up.
await EnqueueAsync(200, CancellationToken.None);
while (await CountAsync("status = 'completed'") < 200) await Task.Delay(100);

// Phase 1: sustained throughput. Enqueuers batch 50 jobs per transaction and stay ≤ 5,000 jobs ahead.
if (seconds > 0)
{
Console.WriteLine($"\nPhase 1: sustained throughput for {seconds} s");
var baseline = await CountAsync("status = 'completed'");
using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds)))
{
    var started = Stopwatch.StartNew();
    var perSecond = new List<long>();
    var enqueuers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            if (await CountAsync("status IN ('pending', 'processing')") > 5000) { await Task.Delay(20); continue; }
            try { await EnqueueAsync(50, stop.Token); } catch (OperationCanceledException) { }
        }
    })).ToList();
    var last = baseline;
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(1000);
        var now = await CountAsync("status = 'completed'");
        perSecond.Add(now - last);
        last = now;
    }
    await Task.WhenAll(enqueuers);
    var completed = last - baseline;
    perSecond.Sort();
    Console.WriteLine($"  completed {completed:N0} jobs in {started.Elapsed.TotalSeconds:F1} s = {completed / started.Elapsed.TotalSeconds:N0} jobs/s " +
                      $"(per-second median {perSecond[perSecond.Count / 2]:N0}, min {perSecond[0]:N0}, max {perSecond[^1]:N0})");
}
// Drain before measuring latency.
while (await CountAsync("status IN ('pending', 'processing')") > 0) await Task.Delay(200);
}

// Phase 2: enqueue-to-start at a paced rate, one job per transaction (as a user request would).
Console.WriteLine($"\nPhase 2: {rate} jobs/s for {latencySeconds} s, one job per transaction");
var since = time.GetUtcNow();
{
    var clock = Stopwatch.StartNew();
    var total = rate * latencySeconds;
    var inFlight = new List<Task>();
    // At most 32 enqueue transactions at once: when the database cannot keep up the schedule slips (reported below).
    using var slots = new SemaphoreSlim(32);
    for (var i = 0; i < total; i++)
    {
        var due = TimeSpan.FromSeconds((double)i / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
        await slots.WaitAsync();
        inFlight.Add(Task.Run(async () => { try { await EnqueueAsync(1, CancellationToken.None); } finally { slots.Release(); } }));
    }
    await Task.WhenAll(inFlight);
    Console.WriteLine($"  enqueued {total:N0} in {clock.Elapsed.TotalSeconds:F1} s (achieved {total / clock.Elapsed.TotalSeconds:N0}/s)");
}
while (await CountAsync("status IN ('pending', 'processing')") > 0) await Task.Delay(200);
await using (var c = await db.OpenConnectionAsync())
{
    var p = await c.QuerySingleAsync<(double P50, double P95, double P99, double Max)>(
        """
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY ms),
               percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms)
        FROM (SELECT extract(epoch FROM started_at - created_at) * 1000 AS ms FROM jobs WHERE created_at >= @since) t
        """, new { since });
    Console.WriteLine($"  enqueue-to-start ms: p50 {p.P50:F1}, p95 {p.P95:F1}, p99 {p.P99:F1}, max {p.Max:F1}");
}
Console.WriteLine($"\nTotals: {await CountAsync("status = 'completed'"):N0} completed, {await CountAsync("status <> 'completed'"):N0} not completed, " +
                  $"{await CountAsync("attempts > 1")} retried");
await app.StopAsync();
await app.DisposeAsync();
await rabbit.StopAsync();
await postgres.StopAsync();
try { Directory.Delete(root, recursive: true); } catch (IOException) { }

static string FindRepo()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "ResumePair.sln"))) return d.FullName;
    throw new InvalidOperationException("Run from inside the repository.");
}
