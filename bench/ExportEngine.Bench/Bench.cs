using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Npgsql;
using ResumePair.Contracts.Exports;
using ResumePair.Documents.Client;
using ResumePair.ExportOrchestrator;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ServiceDefaults;

/// <summary>The three phases (see Program.cs), each on an orchestrator host of its own in this process.</summary>
internal sealed class Bench(
    NpgsqlDataSource db,
    string connectionString,
    string amqpUri,
    CpuMeter cpu,
    bool statementStats
)
{
    public static string Load() => "load " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private WebApplication Build(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:exportsdb"] = connectionString,
            ["ConnectionStrings:messaging"] = amqpUri,
            ["services:documents:http:0"] = "http://127.0.0.1:9", // never called: no job here reads a document
            ["Outbox:BatchSize"] = "500",
            ["Export:SchedulerInterval"] = "00:00:01",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        services?.Invoke(builder.Services);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        // The renderers' upload route (the render path PUTs its PDF there); the bench calls no other route.
        app.MapInternalFilesApi();
        return app;
    }

    private async Task ExecAsync(string sql, object? args = null)
    {
        await using var c = await db.OpenConnectionAsync();
        await c.ExecuteAsync(sql, args, commandTimeout: 300);
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await db.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    private async Task PreloadAsync(int count, string type)
    {
        var user = Guid.NewGuid();
        await using var c = await db.OpenConnectionAsync();
        for (var done = 0; done < count; done += 1000)
        {
            var n = Math.Min(1000, count - done);
            var now = TimeProvider.System.GetUtcNow();
            var ids = Enumerable.Range(0, n).Select(_ => Guid.CreateVersion7(now)).ToArray();
            await JobStore.InsertManyAsync(
                c,
                null,
                ids,
                Enumerable.Range(0, n).Select(_ => new NewJobRow(type, "{}", user)).ToList(),
                5,
                now,
                notify: false,
                CancellationToken.None
            );
        }
    }

    /// <summary>
    /// One drain: the worker stopped, N jobs pre-loaded, the worker started, timed from the first handler start until
    /// none is left. As graphile-worker's anchor does, it first waits for the handlers' count (in memory), then polls
    /// the table until the completions have committed: a count over the whole table every few milliseconds during
    /// the drain would take PostgreSQL CPU from the engine it measures.
    /// </summary>
    public async Task<double> DrainAsync(EngineConfig config, int jobs, int round)
    {
        var counter = new CountingHandler();
        await using var app = Build(config.Settings(), s => s.AddSingleton<IJobHandler>(counter));
        await app.StartAsync();
        var worker = app.Services.GetRequiredService<JobWorker>();
        if (round == 1)
        {
            // JIT and pools warm before the first measured drain of a configuration.
            await PreloadAsync(2_000, CountingHandler.JobType);
            while (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status <> 'completed'") > 0)
                await Task.Delay(50);
        }
        await worker.StopAsync(CancellationToken.None);
        await ExecAsync("TRUNCATE jobs, job_logs CASCADE");
        await PreloadAsync(jobs, CountingHandler.JobType);
        await ExecAsync("VACUUM ANALYZE jobs"); // after the load, as graphile-worker's anchor does
        await ResetStatementsAsync();
        counter.Reset();
        var before = cpu.Sample();
        await worker.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (counter.Count < jobs && DateTime.UtcNow < deadline) await Task.Delay(2);
        while (
            await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status <> 'completed'") > 0
            && DateTime.UtcNow < deadline
        ) { }
        var end = Stopwatch.GetTimestamp();
        var after = cpu.Sample();
        var seconds = Stopwatch.GetElapsedTime(counter.FirstStart, end).TotalSeconds;
        var once = await ScalarAsync<long>(
            "SELECT count(*) FROM jobs WHERE status = 'completed' AND attempts = 1 AND revision = 3"
        );
        Console.WriteLine(
            $"  drain {config} #{round}: {jobs:N0} jobs in {seconds:F2} s = {jobs / seconds:N0} jobs/s; "
                + $"{once:N0} claimed and completed once; {CpuMeter.PerJob(before, after, jobs)} ({Load()})"
        );
        await app.StopAsync();
        await app.DisposeAsync(); // its connections close: their backends flush their counters
        await PrintStatementsAsync(jobs);
        return jobs / seconds;
    }

    /// <summary>One job per call at a paced rate; handler start minus the time taken just before the call.</summary>
    public async Task LatencyAsync(int rate, int seconds)
    {
        const int warmupSeconds = 2;
        var samples = new ConcurrentQueue<(double At, double Ms)>();
        using var startLegs = new StartLegs();
        await using var app = Build(new(), s => s.AddSingleton<IJobHandler>(new TimedHandler(samples, startLegs)));
        // As graphile-worker's anchor vacuums after each drain: the drains' claimed jobs would otherwise leave
        // thousands of dead entries at the head of the claim's index, which every claim of this phase would read past.
        await ExecAsync("VACUUM ANALYZE jobs");
        await app.StartAsync();
        var enqueuer = app.Services.GetRequiredService<JobEnqueuer>();
        var user = Guid.NewGuid();
        var total = rate * (seconds + warmupSeconds);
        Console.WriteLine(
            $"\nlatency: {rate} jobs/s for {seconds} s (+{warmupSeconds} s not counted), one job per call ({Load()})"
        );
        await ResetStatementsAsync();
        using var legs = new Legs();
        var measuredIds = new ConcurrentDictionary<Guid, bool>();
        var gcBefore = GcSample.Take();
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        var before = cpu.Sample();
        using (var slots = new SemaphoreSlim(64))
        {
            for (var i = 0; i < total; i++)
            {
                var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                await slots.WaitAsync();
                inFlight.Add(
                    Task.Run(async () =>
                    {
                        try
                        {
                            var called = Stopwatch.GetTimestamp();
                            var at = clock.Elapsed.TotalSeconds;
                            var payload = JsonSerializer.Serialize(new TimedPayload(called, at));
                            var ids = await enqueuer.EnqueueAsync(
                                [new NewJobRow(TimedHandler.JobType, payload, user)],
                                CancellationToken.None
                            );
                            startLegs.Enqueued(ids[0], called, Stopwatch.GetTimestamp());
                            if (at >= warmupSeconds)
                                measuredIds[ids[0]] = true;
                        }
                        finally
                        {
                            slots.Release();
                        }
                    })
                );
            }
            await Task.WhenAll(inFlight);
        }
        var achieved = total / clock.Elapsed.TotalSeconds;
        while (samples.Count < total) await Task.Delay(50);
        var after = cpu.Sample();
        var gcAfter = GcSample.Take();
        var measured = samples.Where(s => s.At >= warmupSeconds).Select(s => s.Ms).Order().ToArray();
        Console.WriteLine(
            $"  enqueued {total:N0} (achieved {achieved:N0}/s); enqueue-to-start ms: p50 {P(measured, 0.5):F2}, "
                + $"p95 {P(measured, 0.95):F2}, p99 {P(measured, 0.99):F2}, max {measured[^1]:F2} ({Load()})"
        );
        var windows = samples
            .Where(s => s.At >= warmupSeconds)
            .GroupBy(s => (int)((s.At - warmupSeconds) / 5))
            .OrderBy(g => g.Key)
            .Select(g => P(g.Select(s => s.Ms).Order().ToArray(), 0.95).ToString("F2"));
        Console.WriteLine($"  p95 per 5 s window: {string.Join(", ", windows)}");
        Console.WriteLine($"  {CpuMeter.PerJob(before, after, total)}; {GcSample.Describe(gcBefore, gcAfter)}");
        startLegs.Print(measuredIds.Keys.ToHashSet());
        legs.Print();
        await app.StopAsync();
        await app.DisposeAsync();
        await PrintStatementsAsync(total);
    }

    private static double P(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>export_pdf jobs through outbox → RabbitMQ → a no-op renderer → PdfRendered → completed.</summary>
    public async Task RenderPathAsync(int jobs)
    {
        await using var app = Build(new());
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        await using var renderer = await NoopRenderer.StartAsync(amqpUri, address);
        var dispatcher = app.Services.GetRequiredService<RenderDispatcher>();
        var document = new DocumentSnapshot(
            Guid.NewGuid(),
            1,
            "resume",
            "Bench",
            JsonSerializer.SerializeToElement(new { })
        );
        Console.WriteLine($"\nrender path: {jobs:N0} export_pdf jobs, 16 requests at a time ({Load()})");
        // Warm-up: the path's code and the consumers' queues.
        await CreateRenderJobsAsync(dispatcher, document, 50);
        while (
            await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE type = 'export_pdf' AND status <> 'completed'") > 0
        )
            await Task.Delay(50);
        var since = DateTime.UtcNow;
        var before = cpu.Sample();
        var clock = Stopwatch.StartNew();
        await CreateRenderJobsAsync(dispatcher, document, jobs);
        while (
            await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE type = 'export_pdf' AND status <> 'completed'") > 0
        )
            await Task.Delay(20);
        var seconds = clock.Elapsed.TotalSeconds;
        var after = cpu.Sample();
        var failed = await ScalarAsync<long>(
            "SELECT count(*) FROM jobs WHERE type = 'export_pdf' AND attempts > 1 AND created_at >= @since",
            new { since }
        );
        Console.WriteLine(
            $"  {jobs:N0} jobs completed in {seconds:F2} s = {jobs / seconds:N0} jobs/s ({failed} retried; {Load()})"
        );
        Console.WriteLine($"  {CpuMeter.PerJob(before, after, jobs)} (this process includes the no-op renderer)");
        await app.StopAsync();
    }

    /// <summary>One job per user, as many users' requests would be (one user's completions share its storage-quota
    /// lock).</summary>
    private async Task CreateRenderJobsAsync(RenderDispatcher dispatcher, DocumentSnapshot document, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var payload = new JobPayload(document, "bench", "A4");
                var user = Guid.NewGuid();
                var now = TimeProvider.System.GetUtcNow();
                var id = Guid.CreateVersion7(now);
                await using var c = await db.OpenConnectionAsync();
                await using var tx = await c.BeginTransactionAsync();
                await JobStore.InsertAsync(c, tx, id, payload.Row(user), 5, now, CancellationToken.None);
                await dispatcher.DispatchAsync(c, tx, id, user, 1, payload, CancellationToken.None);
                await tx.CommitAsync();
            }
        })));
    }

    private async Task ResetStatementsAsync()
    {
        if (!statementStats) return;
        // The pre-load's backends flush their counters as they exit, before the reset, not into the drain's figures.
        db.Clear();
        await Task.Delay(300);
        await ExecAsync(
            "SELECT pg_stat_statements_reset(); SELECT pg_stat_reset_shared('wal'); SELECT pg_stat_reset()"
        );
    }

    /// <summary>
    /// Statements, rows written and WAL per job since the reset. Call after the measured host has stopped: a backend
    /// flushes its table and WAL counters when it exits (or when idle, up to 10 s later).
    /// </summary>
    private async Task PrintStatementsAsync(long jobs)
    {
        if (!statementStats) return;
        await Task.Delay(500); // the closed connections' backends exit and flush their counters
        await using var c = await db.OpenConnectionAsync();
        var rows = await c.QueryAsync<(long Calls, double TotalMs, long Hit, string Query)>(
            """
            SELECT calls, total_exec_time, shared_blks_hit, regexp_replace(left(query, 110), '\s+', ' ', 'g')
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8
            """);
        foreach (var r in rows)
            Console.WriteLine(
                $"    {(double)r.Calls / jobs, 7:F3} calls {r.TotalMs / jobs, 7:F3} ms {(double)r.Hit / jobs, 7:F1} "
                    + $"bufs  {r.Query}"
            );
        var tables = await c.QueryAsync<(string Table, long Inserted, long Updated, long Hot, long Deleted)>(
            """
            SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables
            WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY relname
            """);
        foreach (var t in tables)
            Console.WriteLine(
                $"    rows per job, {t.Table}: inserted {(double)t.Inserted / jobs:F2}, "
                    + $"updated {(double)t.Updated / jobs:F2} (HOT {(double)t.Hot / jobs:F2}), "
                    + $"deleted {(double)t.Deleted / jobs:F2}"
            );
        var wal = await c.QuerySingleAsync<(long Records, long Fpi, decimal Bytes, long Syncs)>(
            "SELECT wal_records, wal_fpi, wal_bytes, wal_sync FROM pg_stat_wal");
        Console.WriteLine(
            $"    WAL per job: {(double)wal.Records / jobs:F1} records, {(double)wal.Fpi / jobs:F2} full-page images, "
                + $"{(double)wal.Bytes / jobs:F0} bytes; {wal.Syncs} syncs in all"
        );
    }

    private sealed record TimedPayload(long Ticks, double At);

    /// <summary>This process's garbage collections: a pause stops the engine and the load generator alike.</summary>
    private sealed record GcSample(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static GcSample Take() =>
            new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public static string Describe(GcSample a, GcSample b) =>
            $"GC ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}): {b.Gen0 - a.Gen0} gen0, " +
            $"{b.Gen1 - a.Gen1} gen1, {b.Gen2 - a.Gen2} gen2, paused {(b.Paused - a.Paused).TotalMilliseconds:F0} ms";
    }

    /// <summary>A no-op handler that counts its runs and notes the first start (graphile-worker's anchor does
    /// both).</summary>
    private sealed class CountingHandler : IJobHandler
    {
        public const string JobType = "bench_drain";
        private int _count;
        private long _firstStart;
        public string Type => JobType;
        public int Count => Volatile.Read(ref _count);
        public long FirstStart => Interlocked.Read(ref _firstStart);

        public void Reset() => (_count, _firstStart) = (0, 0);

        public Task<JobOutcome> RunAsync(ResumePair.ExportOrchestrator.Jobs.Engine.JobContext job, CancellationToken ct)
        {
            Interlocked.CompareExchange(ref _firstStart, Stopwatch.GetTimestamp(), 0);
            Interlocked.Increment(ref _count);
            return Task.FromResult(new JobOutcome());
        }
    }

    /// <summary>Records how long after the call that enqueued it the handler started (graphile-worker's
    /// measure).</summary>
    private sealed class TimedHandler(ConcurrentQueue<(double At, double Ms)> samples, StartLegs legs) : IJobHandler
    {
        public const string JobType = "bench_timed";
        public string Type => JobType;

        public Task<JobOutcome> RunAsync(ResumePair.ExportOrchestrator.Jobs.Engine.JobContext job, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();
            var payload = JsonSerializer.Deserialize<TimedPayload>(job.Payload)!;
            legs.Started(job.JobId, started);
            samples.Enqueue((payload.At, Stopwatch.GetElapsedTime(payload.Ticks, started).TotalMilliseconds));
            return Task.FromResult(new JobOutcome());
        }
    }
}

/// <summary>A renderer whose print does nothing: it uploads a tiny PDF to the attempt's URL and reports it
/// rendered.</summary>
internal sealed class NoopRenderer : IAsyncDisposable
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
    private readonly IBusControl _bus;
    private readonly HttpClient _http;

    private NoopRenderer(IBusControl bus, HttpClient http) => (_bus, _http) = (bus, http);

    public static async Task<NoopRenderer> StartAsync(string amqpUri, Uri orchestrator)
    {
        var http = new HttpClient { BaseAddress = orchestrator };
        var uri = new Uri(amqpUri);
        var userInfo = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(uri.Host, (ushort)uri.Port, "/", h =>
            {
                h.Username(userInfo[0]);
                h.Password(userInfo.Length > 1 ? userInfo[1] : "");
                h.PublisherConfirmation = true;
            });
            cfg.ReceiveEndpoint("bench-noop-renderer", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.PrefetchCount = 64;
                e.ConcurrentMessageLimit = 32;
                e.Handler<RenderPdfRequested>(async ctx =>
                {
                    var m = ctx.Message;
                    using var put = await http.PutAsync(
                        new Uri(m.UploadUrl).PathAndQuery,
                        new ByteArrayContent(Pdf),
                        ctx.CancellationToken
                    );
                    put.EnsureSuccessStatusCode();
                    await ctx.Publish(
                        new PdfRendered
                        {
                            JobId = m.JobId,
                            Attempt = m.Attempt,
                            SizeBytes = Pdf.Length,
                            Pages = 1,
                            Sha256 = "-",
                            RenderMilliseconds = 0,
                            WorkerId = "bench-noop",
                        }
                    );
                });
            });
        });
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return new NoopRenderer(bus, http);
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(TimeSpan.FromSeconds(10));
        _http.Dispose();
    }
}
