// ExportEngine.Bench: the export orchestrator's job engine on its own PostgreSQL and RabbitMQ, measured with
// graphile-worker's method (/work/shared/anchors/README.md) so the two can be put side by side in one run:
//  1. drain: pre-load N no-op jobs (bulk, 1,000 per statement) while no worker runs, start the engine, time from the
//     first handler start until the database shows every job completed (as graphile-worker's anchor: wait for the
//     handlers' count, then poll the table); each worker configuration 3 times, the median;
//  2. latency: one job per call (a transaction of its own), released at a paced rate, handler start minus the time
//     taken just before the call; the first 2 s excluded, p95 per 5 s window printed too;
//  3. render path: export_pdf jobs as the API writes them (job row + RenderPdfRequested in the outbox, one transaction
//     each) → relay → RabbitMQ → a no-op renderer consumer (uploads a tiny PDF over HTTP, publishes PdfRendered) →
//     the orchestrator's result consumer → completed; jobs/s.
// Every phase prints the load average and CPU ms per job by process (this process: engine + load + no-op renderer;
// PostgreSQL; RabbitMQ).
// Usage: dotnet run -c Release --project bench/ExportEngine.Bench -- [drainJobs=20000] [rate=500] [latencySeconds=20]
//        [renderJobs=2000] [--configs c24-b250-l5,c256-b250-l10] [--unsafe] [--stats] [--sql "STATEMENT"]...
// --sql runs a statement after the migrations (A/B of schema variants: fillfactor, indexes), repeatable.
using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.ExportOrchestrator;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.Migrations;
using ResumePair.Testing.Servers;

var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var drainJobs = positional.Length > 0 ? int.Parse(positional[0]) : 20_000;
var rate = positional.Length > 1 ? int.Parse(positional[1]) : 500;
var latencySeconds = positional.Length > 2 ? int.Parse(positional[2]) : 20;
var renderJobs = positional.Length > 3 ? int.Parse(positional[3]) : 2_000;
string Flag(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
// Worker configurations for the drain, as graphile-worker's anchor varies its own: c = concurrent runs per replica,
// b = jobs per claim statement, l = completion linger in ms.
var configs = Flag("--configs", "c24-b250-l5,c256-b250-l10,c64-b64-l2").Split(',').Select(EngineConfig.Parse).ToList();
var unsafeDurability = args.Contains("--unsafe");
var statementStats = args.Contains("--stats");
var root = Path.Combine(FindRepo(), ".data", "bench", "export-engine-" + Guid.NewGuid().ToString("N")[..8]);

Console.WriteLine($"ExportEngine.Bench: {Environment.ProcessorCount} cores, data under {root} ({Bench.Load()})");
await using var servers = await LocalServers.StartAsync(root, fastUnsafe: unsafeDurability);
var postgres = servers.Postgres!;
var rabbit = servers.RabbitMq!;
if (statementStats)
{
    await using (var admin = new NpgsqlConnection(postgres.ConnectionString("postgres")))
    {
        await admin.OpenAsync();
        await admin.ExecuteAsync("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    }
    await postgres.RestartAsync();
}
await postgres.CreateDatabaseAsync("exportsdb");
var connectionString = postgres.ConnectionString("exportsdb") + ";Maximum Pool Size=100";
await using var db = NpgsqlDataSource.Create(connectionString);
await MigrationRunner.ApplyAsync(db, typeof(ExportOptions).Assembly, NullLogger.Instance, CancellationToken.None);
if (statementStats) await db.OpenConnection().ExecuteAsync("CREATE EXTENSION pg_stat_statements");
foreach (
    var sql in args.Select((a, i) => (a, i))
        .Where(x => x.a == "--sql" && x.i + 1 < args.Length)
        .Select(x => args[x.i + 1])
)
{
    Console.WriteLine($"--sql: {sql}");
    await db.OpenConnection().ExecuteAsync(sql);
}
Console.WriteLine(
    "Durability: "
        + string.Join(
            ", ",
            await db.OpenConnection()
                .QueryAsync<string>(
                    "SELECT name || '=' || setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', "
                        + "'full_page_writes') ORDER BY name"
                )
        )
);
Console.WriteLine(
    "RabbitMQ (render path only): durable queues, persistent messages, publisher confirms (MassTransit defaults)"
);

var cpu = new CpuMeter(
    Path.GetFullPath(Path.Combine(root, "postgres")),
    Path.GetFullPath(Path.Combine(root, "messaging"))
);
Console.WriteLine($"CPU meter: {cpu.RabbitProcesses()} RabbitMQ processes found");
var bench = new Bench(db, connectionString, rabbit.AmqpUri, cpu, statementStats);

// 1. Drain, graphile-worker's throughput method.
var best = (Config: configs[0], JobsPerSecond: 0.0);
foreach (var config in drainJobs > 0 ? configs : [])
{
    var runs = new List<double>();
    for (var round = 1; round <= 3; round++) runs.Add(await bench.DrainAsync(config, drainJobs, round));
    runs.Sort();
    Console.WriteLine(
        $"drain {config}: median {runs[1]:N0} jobs/s (runs {string.Join(", ", runs.Select(r => r.ToString("N0")))})"
    );
    if (runs[1] > best.JobsPerSecond) best = (config, runs[1]);
}
if (drainJobs > 0) Console.WriteLine($"drain best: {best.Config} {best.JobsPerSecond:N0} jobs/s");

// 2. Enqueue-to-start at a paced rate, one job per call, with the engine's default configuration.
if (latencySeconds > 0) await bench.LatencyAsync(rate, latencySeconds);

// 3. The render path through the bus.
if (renderJobs > 0) await bench.RenderPathAsync(renderJobs);

await rabbit.StopAsync();
await postgres.StopAsync();
try { Directory.Delete(root, recursive: true); } catch (IOException) { }

static string FindRepo()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "ResumePair.sln"))) return d.FullName;
    throw new InvalidOperationException("Run from inside the repository.");
}

/// <summary>A drain configuration: concurrent runs, jobs per claim, completion linger, most completions per
/// batch.</summary>
internal sealed record EngineConfig(int Concurrency, int ClaimBatch, int LingerMs, int? CommitBatch)
{
    public static EngineConfig Parse(string text)
    {
        var parts = text.Split('-').ToDictionary(p => p[0], p => int.Parse(p[1..]));
        return new EngineConfig(parts['c'], parts['b'], parts['l'], parts.TryGetValue('k', out var k) ? k : null);
    }

    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Export:WorkerConcurrency"] = Concurrency.ToString(),
            ["Export:ClaimBatchSize"] = ClaimBatch.ToString(),
            ["Export:CompletionLinger"] = TimeSpan.FromMilliseconds(LingerMs).ToString(),
        };
        if (CommitBatch is { } k) settings["Export:CommitBatchSize"] = k.ToString();
        return settings;
    }

    public override string ToString() =>
        $"c{Concurrency}-b{ClaimBatch}-l{LingerMs}" + (CommitBatch is { } k ? $"-k{k}" : "");
}
