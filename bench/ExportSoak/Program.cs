// ExportSoak: 10,000 no-op jobs through the whole engine (enqueue → jobs table → the workers of the orchestrator
// replicas claim them → completion) while faults are injected at 20/40/60 % of the jobs completed: orchestrator
// replicas (separate processes) are SIGKILLed and restarted, RabbitMQ is stopped and restarted (the engine must not
// need it). Then it waits until every job is terminal and prints what became of them.
// Usage: dotnet bench/ExportSoak/bin/Release/net10.0/ExportSoak.dll [jobs=10000] [replicas=2] [enqueueSeconds=60]
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.Messaging;
using ResumePair.Migrations;
using ResumePair.Testing.Jobs;
using ResumePair.Testing.Servers;

if (args.Contains("--replica"))
{
    await Replica.RunAsync(args.Where(a => a != "--replica").ToArray());
    return 0;
}

var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var total = positional.Length > 0 ? int.Parse(positional[0]) : 10_000;
var replicaCount = positional.Length > 1 ? int.Parse(positional[1]) : 2;
var enqueueSeconds = positional.Length > 2 ? int.Parse(positional[2]) : 60;
var root = Path.Combine(FindRepo(), ".data", "bench", "export-soak-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
static string Load() => "load " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);
var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1} s] {line}");

Console.WriteLine(
    $"ExportSoak: {total:N0} jobs, {replicaCount} orchestrator replicas, enqueued over {enqueueSeconds} s; "
        + $"data under {root} ({Load()})"
);
// The servers as the AppHost runs them (Aspire resources, DCP), default durability.
await using var servers = await LocalServers.StartAsync(root);
var postgres = servers.Postgres!;
var rabbit = servers.RabbitMq!;
await postgres.CreateDatabaseAsync("exportsdb");
var connectionString = postgres.ConnectionString("exportsdb");
await using var db = NpgsqlDataSource.Create(connectionString);
await MigrationRunner.ApplyAsync(db, typeof(ExportOptions).Assembly, NullLogger.Instance, CancellationToken.None);
// Counts every transition into completed (the engine writes no completion log line): "completed twice" below.
await CompletionAudit.InstallAsync(db);
Console.WriteLine(
    "PostgreSQL: default durability (fsync on); RabbitMQ: durable queues, persistent messages, publisher confirms"
);

var environment = new Dictionary<string, string>
{
    ["ConnectionStrings__exportsdb"] = connectionString + ";Maximum Pool Size=50",
    ["ConnectionStrings__messaging"] = rabbit.AmqpUri,
    ["services__documents__http__0"] = "http://127.0.0.1:9", // no-op jobs never call it
    ["RESUMEPAIR_PARENT_PID"] = Environment.ProcessId.ToString(),
    // A killed replica's claimed jobs are rescued by heartbeat after 10 s (production: 2 min), so the soak drains in
    // minutes.
    ["Export__HeartbeatInterval"] = "00:00:02",
    ["Export__HeartbeatTimeout"] = "00:00:10",
    ["Export__RetryBaseDelay"] = "00:00:00.200",
    ["Export__RetryMaxDelay"] = "00:00:05",
    ["Outbox__PublishTimeout"] = "00:00:05",
    ["Outbox__BatchSize"] = "500",
    ["Logging__LogLevel__Default"] = "Warning",
};
var replicas = Enumerable
    .Range(1, replicaCount)
    .Select(i => new ReplicaProcess($"orchestrator-{i}", root, environment))
    .ToList();
foreach (var replica in replicas) replica.Start();
await WaitForConsumersAsync();
Say($"{replicaCount} replicas listening for jobs");

// The driver enqueues like a client of the engine would: small bulk transactions at a steady pace. No worker runs in
// the driver: the notifier's NOTIFY after each commit wakes the replicas' workers.
var enqueuer = new JobEnqueuer(
    db,
    new PostCommitNotifier(
        db,
        Options.Create(new PostCommitNotifierOptions()),
        TimeProvider.System,
        NullLogger<PostCommitNotifier>.Instance
    ),
    Options.Create(new ExportOptions()),
    TimeProvider.System
);
var user = Guid.NewGuid();
var enqueue = Task.Run(async () =>
{
    const int perTransaction = 50;
    var transactions = (total + perTransaction - 1) / perTransaction;
    var pace = Stopwatch.StartNew();
    for (var t = 0; t < transactions; t++)
    {
        var due = TimeSpan.FromSeconds(enqueueSeconds * (double)t / transactions);
        if (due > pace.Elapsed)
            await Task.Delay(due - pace.Elapsed);
        var count = Math.Min(perTransaction, total - t * perTransaction);
        await enqueuer.EnqueueAsync(
            Enumerable.Range(0, count).Select(_ => new NewJobRow(NoopHandler.JobType, "{}", user)).ToList(),
            CancellationToken.None
        );
    }
});

var enqueuedAt = enqueue.ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);

// Faults at 20 %, 40 % and 60 % of the jobs completed, so each one hits an engine with work in flight.
await UntilCompletedAsync(0.2);
Say($"SIGKILL orchestrator-1 ({await ProgressAsync()})");
await replicas[0].KillAsync();
await Task.Delay(TimeSpan.FromSeconds(2));
replicas[0].Start();
Say("orchestrator-1 restarted");

await UntilCompletedAsync(0.4);
Say($"RabbitMQ stopping ({await ProgressAsync()})");
await rabbit.StopAsync();
await Task.Delay(TimeSpan.FromSeconds(2));
await rabbit.RestartAsync();
Say($"RabbitMQ restarted ({await ProgressAsync()})");

await UntilCompletedAsync(0.6);
var last = replicas[^1];
Say($"SIGKILL orchestrator-{replicaCount} ({await ProgressAsync()})");
await last.KillAsync();
await Task.Delay(TimeSpan.FromSeconds(2));
last.Start();
Say($"orchestrator-{replicaCount} restarted");

await enqueue;
var enqueued = await enqueuedAt;
Say($"all {total:N0} enqueued at {enqueued.TotalSeconds:F1} s ({await ProgressAsync()})");

// Drain: every job terminal, or give up after 10 minutes (and report what is left as lost).
var deadline = clock.Elapsed + TimeSpan.FromMinutes(10);
long unfinished;
while (
    (unfinished = await CountAsync("SELECT count(*) FROM jobs WHERE status IN ('pending', 'processing')")) > 0
    && clock.Elapsed < deadline
)
{
    await Task.Delay(1000);
    if ((int)clock.Elapsed.TotalSeconds % 10 == 0) Say(await ProgressAsync());
}
var drained = clock.Elapsed;

var counts = (
    await QueryAsync<(string Status, long Count)>("SELECT status, count(*) FROM jobs GROUP BY status")
).ToDictionary(r => r.Status, r => r.Count);
var (_, completedTwice) = await CompletionAudit.CountAsync(db);
var retried = await CountAsync("SELECT count(*) FROM jobs WHERE attempts > 1");
var rows = await CountAsync("SELECT count(*) FROM jobs");
Console.WriteLine();
Console.WriteLine($"total            {rows:N0} (enqueued {total:N0})");
Console.WriteLine($"completed        {counts.GetValueOrDefault("completed"):N0}");
Console.WriteLine($"failed           {counts.GetValueOrDefault("failed"):N0}");
Console.WriteLine($"dead_letter      {counts.GetValueOrDefault("dead_letter"):N0}");
Console.WriteLine($"cancelled        {counts.GetValueOrDefault("cancelled"):N0}");
Console.WriteLine($"lost             {unfinished:N0} (never terminal; must be 0)");
Console.WriteLine($"completed twice  {completedTwice:N0} (more than one completion effect; must be 0)");
Console.WriteLine($"retried          {retried:N0} (jobs that needed more than one attempt: rescued after a kill)");
Console.WriteLine(
    $"time to drain    {(drained - enqueued).TotalSeconds:F1} s after the last enqueue; "
        + $"{drained.TotalSeconds:F1} s in all ({Load()})"
);
Console.WriteLine(
    $"replica starts   {string.Join(", ", replicas.Select((r, i) => $"orchestrator-{i + 1}: {r.Starts}"))}; "
        + $"logs under {root}"
);

foreach (var replica in replicas) await replica.DisposeAsync();
await rabbit.StopAsync();
await postgres.StopAsync();
var ok = unfinished == 0 && completedTwice == 0 && rows == total;
if (ok) try { Directory.Delete(root, recursive: true); } catch (IOException) { }
return ok ? 0 : 1;

async Task UntilCompletedAsync(double fraction)
{
    // Bounded: a stalled engine must still reach the report (where it shows as lost jobs), not hang here.
    var until = clock.Elapsed + TimeSpan.FromMinutes(5);
    while (
        await CountAsync("SELECT count(*) FROM jobs WHERE status = 'completed'") < total * fraction
        && clock.Elapsed < until
    )
        await Task.Delay(100);
}

async Task<long> CountAsync(string sql)
{
    await using var c = await db.OpenConnectionAsync();
    return await c.ExecuteScalarAsync<long>(sql);
}

async Task<IEnumerable<T>> QueryAsync<T>(string sql)
{
    await using var c = await db.OpenConnectionAsync();
    return await c.QueryAsync<T>(sql);
}

async Task<string> ProgressAsync()
{
    var r = (
        await QueryAsync<(string Status, long Count)>(
            "SELECT status, count(*) FROM jobs GROUP BY status ORDER BY status"
        )
    ).ToList();
    return string.Join(", ", r.Select(x => $"{x.Status} {x.Count:N0}")) is { Length: > 0 } s ? s : "no jobs yet";
}

// The replicas' workers listen once their hosts have started: enqueueing before that would only wait in the table, but
// the soak's fault schedule assumes the engine is running.
async Task WaitForConsumersAsync()
{
    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
    while (DateTime.UtcNow < deadline)
    {
        if (
            await CountAsync($"SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN {JobStore.ReadyChannel}'")
            >= replicaCount
        )
            return;
        await Task.Delay(500);
    }
    throw new TimeoutException("The replicas did not start listening within 120 s; see their logs under " + root);
}

static string FindRepo()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "ResumePair.sln"))) return d.FullName;
    throw new InvalidOperationException("Run from inside the repository.");
}
