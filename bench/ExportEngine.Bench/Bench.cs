using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Npgsql;
using ResumePair.Contracts.Exports;
using ResumePair.Documents.Client;
using ResumePair.ExportOrchestrator;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ServiceDefaults;

/// <summary>The three phases (see Program.cs), each on an orchestrator host of its own in this process.</summary>
internal sealed class Bench(NpgsqlDataSource db, string connectionString, string amqpUri, CpuMeter cpu, bool statementStats)
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
            ["Export:MaxUnfinishedJobsPerUser"] = "100000",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        services?.Invoke(builder.Services);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder.Build();
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
            await JobStore.InsertManyAsync(c, null, ids, Enumerable.Range(0, n).Select(_ => new NewJobRow(type, "{}", user)).ToList(),
                5, now, notify: false, CancellationToken.None);
        }
    }

    /// <summary>One drain: the worker stopped, N jobs pre-loaded, the worker started, timed until none is left.</summary>
    public async Task<double> DrainAsync(EngineConfig config, int jobs, int round)
    {
        await using var app = Build(config.Settings());
        await app.StartAsync();
        var worker = app.Services.GetRequiredService<JobWorker>();
        if (round == 1)
        {
            // JIT and pools warm before the first measured drain of a configuration.
            await PreloadAsync(2_000, NoopHandler.JobType);
            while (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status <> 'completed'") > 0) await Task.Delay(50);
        }
        await worker.StopAsync(CancellationToken.None);
        await ExecAsync("TRUNCATE jobs, job_logs CASCADE");
        await ExecAsync("VACUUM ANALYZE jobs");
        await PreloadAsync(jobs, NoopHandler.JobType);
        await ResetStatementsAsync();
        var before = cpu.Sample();
        await worker.StartAsync(CancellationToken.None);
        while (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status <> 'completed'") > 0) await Task.Delay(10);
        var end = DateTime.UtcNow;
        var after = cpu.Sample();
        var first = await ScalarAsync<DateTime>("SELECT min(started_at) FROM jobs");
        var seconds = (end - DateTime.SpecifyKind(first, DateTimeKind.Utc)).TotalSeconds;
        var completedOnce = await ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT job_id FROM job_logs GROUP BY job_id HAVING count(*) = 1) t");
        Console.WriteLine($"  drain {config} #{round}: {jobs:N0} jobs in {seconds:F2} s = {jobs / seconds:N0} jobs/s; " +
                          $"{completedOnce:N0} completed once; {CpuMeter.PerJob(before, after, jobs)} ({Load()})");
        await PrintStatementsAsync(jobs);
        await app.StopAsync();
        return jobs / seconds;
    }

    /// <summary>One job per call at a paced rate; handler start minus the time taken just before the call.</summary>
    public async Task LatencyAsync(int rate, int seconds)
    {
        const int warmupSeconds = 2;
        var samples = new ConcurrentQueue<(double At, double Ms)>();
        await using var app = Build(new(), s => s.AddSingleton<IJobHandler>(new TimedHandler(samples)));
        await app.StartAsync();
        var enqueuer = app.Services.GetRequiredService<JobEnqueuer>();
        var user = Guid.NewGuid();
        var total = rate * (seconds + warmupSeconds);
        Console.WriteLine($"\nlatency: {rate} jobs/s for {seconds} s (+{warmupSeconds} s not counted), one job per call ({Load()})");
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
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        var payload = JsonSerializer.Serialize(new TimedPayload(Stopwatch.GetTimestamp(), clock.Elapsed.TotalSeconds));
                        await enqueuer.EnqueueAsync([new NewJobRow(TimedHandler.JobType, payload, user)], CancellationToken.None);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            }
            await Task.WhenAll(inFlight);
        }
        var achieved = total / clock.Elapsed.TotalSeconds;
        while (samples.Count < total) await Task.Delay(50);
        var after = cpu.Sample();
        var measured = samples.Where(s => s.At >= warmupSeconds).Select(s => s.Ms).Order().ToArray();
        Console.WriteLine($"  enqueued {total:N0} (achieved {achieved:N0}/s); enqueue-to-start ms: p50 {P(measured, 0.5):F2}, " +
                          $"p95 {P(measured, 0.95):F2}, p99 {P(measured, 0.99):F2}, max {measured[^1]:F2} ({Load()})");
        var windows = samples.Where(s => s.At >= warmupSeconds).GroupBy(s => (int)((s.At - warmupSeconds) / 5)).OrderBy(g => g.Key)
            .Select(g => P(g.Select(s => s.Ms).Order().ToArray(), 0.95).ToString("F2"));
        Console.WriteLine($"  p95 per 5 s window: {string.Join(", ", windows)}");
        Console.WriteLine($"  {CpuMeter.PerJob(before, after, total)}");
        await app.StopAsync();
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>export_pdf jobs through outbox → RabbitMQ → a no-op renderer → PdfRendered → completed.</summary>
    public async Task RenderPathAsync(int jobs)
    {
        await using var app = Build(new());
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        await using var renderer = await NoopRenderer.StartAsync(amqpUri, address);
        var dispatcher = app.Services.GetRequiredService<RenderDispatcher>();
        var user = Guid.NewGuid();
        var document = new DocumentSnapshot(Guid.NewGuid(), 1, "resume", "Bench", JsonSerializer.SerializeToElement(new { }));
        Console.WriteLine($"\nrender path: {jobs:N0} export_pdf jobs, 16 requests at a time ({Load()})");
        // Warm-up: the path's code and the consumers' queues.
        await CreateRenderJobsAsync(dispatcher, user, document, 50);
        while (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE type = 'export_pdf' AND status <> 'completed'") > 0) await Task.Delay(50);
        var since = DateTime.UtcNow;
        var before = cpu.Sample();
        var clock = Stopwatch.StartNew();
        await CreateRenderJobsAsync(dispatcher, user, document, jobs);
        while (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE type = 'export_pdf' AND status <> 'completed'") > 0) await Task.Delay(20);
        var seconds = clock.Elapsed.TotalSeconds;
        var after = cpu.Sample();
        var failed = await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE type = 'export_pdf' AND attempts > 1 AND created_at >= @since", new { since });
        Console.WriteLine($"  {jobs:N0} jobs completed in {seconds:F2} s = {jobs / seconds:N0} jobs/s ({failed} retried; {Load()})");
        Console.WriteLine($"  {CpuMeter.PerJob(before, after, jobs)} (this process includes the no-op renderer)");
        await app.StopAsync();
    }

    private async Task CreateRenderJobsAsync(RenderDispatcher dispatcher, Guid user, DocumentSnapshot document, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var payload = new JobPayload(document, "bench", "A4");
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
        await ExecAsync("SELECT pg_stat_statements_reset(); SELECT pg_stat_reset_shared('wal')");
    }

    private async Task PrintStatementsAsync(long jobs)
    {
        if (!statementStats) return;
        await using var c = await db.OpenConnectionAsync();
        var rows = await c.QueryAsync<(long Calls, double TotalMs, long Hit, string Query)>(
            """
            SELECT calls, total_exec_time, shared_blks_hit, regexp_replace(left(query, 110), '\s+', ' ', 'g')
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8
            """);
        foreach (var r in rows)
            Console.WriteLine($"    {(double)r.Calls / jobs,7:F3} calls {r.TotalMs / jobs,7:F3} ms {(double)r.Hit / jobs,7:F1} bufs  {r.Query}");
    }

    private sealed record TimedPayload(long Ticks, double At);

    /// <summary>Records how long after the call that enqueued it the handler started (graphile-worker's measure).</summary>
    private sealed class TimedHandler(ConcurrentQueue<(double At, double Ms)> samples) : IJobHandler
    {
        public const string JobType = "bench_timed";
        public string Type => JobType;

        public Task<JobOutcome> RunAsync(ResumePair.ExportOrchestrator.Jobs.Engine.JobContext job, CancellationToken ct)
        {
            var payload = JsonSerializer.Deserialize<TimedPayload>(job.Payload)!;
            samples.Enqueue((payload.At, Stopwatch.GetElapsedTime(payload.Ticks).TotalMilliseconds));
            return Task.FromResult(new JobOutcome());
        }
    }
}

/// <summary>A renderer whose print does nothing: it uploads a tiny PDF to the attempt's URL and reports it rendered.</summary>
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
                    using var put = await http.PutAsync(new Uri(m.UploadUrl).PathAndQuery, new ByteArrayContent(Pdf), ctx.CancellationToken);
                    put.EnsureSuccessStatusCode();
                    await ctx.Publish(new PdfRendered
                    {
                        JobId = m.JobId, Attempt = m.Attempt, SizeBytes = Pdf.Length, Pages = 1, Sha256 = "-", RenderMilliseconds = 0,
                        WorkerId = "bench-noop",
                    });
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
