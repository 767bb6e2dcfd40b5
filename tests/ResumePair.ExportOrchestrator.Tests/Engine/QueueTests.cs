using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;
using ResumePair.Testing.Services;

namespace ResumePair.ExportOrchestrator.Tests.Engine;

/// <summary>
/// The jobs table as the queue of in-process work: workers of any replica claim due jobs from it (no bus), runs are
/// heartbeated, cancelled, timed out, retried at their next run time and handed back at shutdown.
/// </summary>
[Collection("infrastructure")]
public sealed class QueueTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Jobs_enqueued_in_bulk_are_claimed_from_the_table_by_two_replicas_and_each_completes_once()
    {
        await using var documents = await RealDocumentsService.StartAsync(infra);
        await using var a = await OrchestratorFactory.CreateAsync(infra, documents);
        await using var b = await OrchestratorFactory.CreateAsync(
            infra,
            documents,
            connectionString: a.ConnectionString
        );
        var user = Guid.NewGuid();
        var jobs = new List<Guid>();
        // Half from each replica, some in a caller's transaction (woken by the NOTIFY at its commit).
        jobs.AddRange(
            await a.Services.GetRequiredService<JobEnqueuer>().EnqueueAsync(Noops(user, 200), CancellationToken.None)
        );
        await using (var c = await b.DataSource.OpenConnectionAsync())
        await using (var tx = await c.BeginTransactionAsync())
        {
            jobs.AddRange(
                await b
                    .Services.GetRequiredService<JobEnqueuer>()
                    .EnqueueAsync(c, tx, Noops(user, 200), CancellationToken.None)
            );
            await tx.CommitAsync();
        }

        await Eventually.UntilAsync(
            () => CountAsync(a.DataSource, "SELECT count(*) FROM jobs WHERE status = 'completed'"),
            n => n == 400,
            "every job to complete"
        );
        // Each once: claimed and completed a single time (two visible changes after the insert: revision 3), attempt 1.
        Assert.Equal(400L, await CountAsync(a.DataSource,
            "SELECT count(*) FROM jobs WHERE status = 'completed' AND attempts = 1 AND revision = 3"));
        // The job log shows the success, from the row (the completion batch writes no log line).
        var log = await JobStore.LogsAsync(a.DataSource, jobs[0], CancellationToken.None);
        Assert.Matches(
            "^Attempt 1 completed on .+/[0-9]+$",
            Assert.Single(log, l => l.Message.Contains("completed")).Message
        );
        // Nothing travelled through the outbox.
        Assert.Equal(0L, await CountAsync(a.DataSource, "SELECT count(*) FROM outbox_messages"));
        Assert.Equal(0L, await CountAsync(a.DataSource, "SELECT count(*) FROM jobs WHERE attempts > 1"));
    }

    [Fact]
    public async Task A_running_job_that_is_cancelled_has_its_handler_stopped_by_the_next_heartbeat()
    {
        await using var documents = await RealDocumentsService.StartAsync(infra);
        await using var o = await OrchestratorFactory.CreateAsync(infra, documents,
            settings: new() { ["Export:HeartbeatInterval"] = "00:00:00.200" }, services: GatedHandler.Register);
        var id = await EnqueueGatedAsync(o);
        await Eventually.UntilAsync(
            () => Task.FromResult(GatedHandler.Started.ContainsKey(id)),
            s => s,
            "the handler to start"
        );
        Assert.Equal("processing", await StatusAsync(o.DataSource, id));

        var (outcome, _) = await o
            .Services.GetRequiredService<JobCommands>()
            .CancelAsync(id, null, "test", CancellationToken.None);

        Assert.Equal(CommandOutcome.Done, outcome);
        await Eventually.UntilAsync(
            () => Task.FromResult(GatedHandler.Stopped.ContainsKey(id)),
            s => s,
            "the handler to be cancelled"
        );
        await Task.Delay(300); // its end must not change the cancelled job
        Assert.Equal("cancelled", await StatusAsync(o.DataSource, id));
    }

    [Fact]
    public async Task An_attempt_over_its_types_time_limit_is_cancelled_and_fails_and_the_last_one_dead_letters()
    {
        await using var documents = await RealDocumentsService.StartAsync(infra);
        await using var o = await OrchestratorFactory.CreateAsync(infra, documents, settings: new()
        {
            [$"Export:Types:{GatedHandler.JobType}:Timeout"] = "00:00:00.500", ["Export:MaxAttempts"] = "2",
            ["Export:RetryBaseDelay"] = "00:00:00",
        }, services: GatedHandler.Register);
        var id = await EnqueueGatedAsync(o);

        await Eventually.UntilAsync(
            () => StatusAsync(o.DataSource, id),
            s => s == "dead_letter",
            "both attempts to time out"
        );
        var (attempts, error) = await QueryAsync<(int, string)>(
            o.DataSource,
            "SELECT attempts, error FROM jobs WHERE id = @id",
            new { id }
        );
        Assert.Equal(2, attempts);
        // The runner's own limit, or the scheduler's check of the same limit, whichever came first (the other is fenced
        // out).
        Assert.Contains(
            error,
            new[] { "Timed out after 00:00:00.5000000", "The attempt did not finish within its run-time limit" }
        );
        await Eventually.UntilAsync(
            () => Task.FromResult(GatedHandler.Stopped.GetValueOrDefault(id)),
            n => n == 2,
            "both handlers to be cancelled"
        );
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_at_its_next_run_time_and_then_completes()
    {
        await using var documents = await RealDocumentsService.StartAsync(infra);
        var time = FlowingTime.Start();
        await using var o = await OrchestratorFactory.CreateAsync(
            infra,
            documents,
            time,
            settings: new()
            {
                ["Export:RetryBaseDelay"] = "00:01:00",
                ["Export:RetryMaxDelay"] = "00:01:00",
                ["Export:WorkerPollInterval"] = "00:00:00.200",
            },
            services: GatedHandler.Register
        );
        var id = await EnqueueGatedAsync(o, failFirst: true);

        var runAfter = await Eventually.UntilAsync(
            () =>
                QueryAsync<(string Status, int Attempts, DateTime RunAfter)>(
                    o.DataSource,
                    "SELECT status, attempts, run_after FROM jobs WHERE id = @id",
                    new { id }
                ),
            j => j.Attempts == 2,
            "attempt 1 to fail"
        );
        Assert.InRange(
            runAfter.RunAfter,
            time.GetUtcNow().UtcDateTime.AddSeconds(-1),
            time.GetUtcNow().UtcDateTime.AddMinutes(1)
        );
        GatedHandler.Open(id);
        time.Advance(TimeSpan.FromMinutes(1)); // the backoff has passed: the next poll claims it

        await Eventually.UntilAsync(
            () => StatusAsync(o.DataSource, id),
            s => s == "completed",
            "attempt 2 to complete"
        );
        Assert.Contains(
            "Attempt 1 failed: first attempt fails; retry at",
            await QueryAsync<string>(
                o.DataSource,
                "SELECT string_agg(message, ' | ' ORDER BY id) FROM job_logs WHERE job_id = @id",
                new { id }
            )
        );
    }

    [Fact]
    public async Task At_shutdown_a_running_attempt_is_handed_back_uncounted_and_another_replica_completes_it()
    {
        await using var documents = await RealDocumentsService.StartAsync(infra);
        var a = await OrchestratorFactory.CreateAsync(infra, documents, services: GatedHandler.Register);
        var id = await EnqueueGatedAsync(a);
        await Eventually.UntilAsync(
            () => Task.FromResult(GatedHandler.Started.ContainsKey(id)),
            s => s,
            "the handler to start"
        );
        var connectionString = a.ConnectionString;
        await a.DisposeAsync();
        await using var db = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(("pending", 1, 0), await QueryAsync<(string, int, int)>(db,
            "SELECT status, attempts, dispatched_attempt FROM jobs WHERE id = @id", new { id }));

        GatedHandler.Open(id);
        await using var b = await OrchestratorFactory.CreateAsync(
            infra,
            documents,
            connectionString: connectionString,
            services: GatedHandler.Register
        );
        await Eventually.UntilAsync(
            () => StatusAsync(db, id),
            s => s == "completed",
            "the other replica to complete it"
        );
        Assert.Equal(1, await QueryAsync<int>(db, "SELECT attempts FROM jobs WHERE id = @id", new { id }));
    }

    private static List<NewJobRow> Noops(Guid user, int count) =>
        Enumerable.Range(0, count).Select(_ => new NewJobRow(NoopHandler.JobType, "{}", user)).ToList();

    private static async Task<Guid> EnqueueGatedAsync(OrchestratorFactory o, bool failFirst = false)
    {
        var payload = JsonSerializer.Serialize(new { failFirst });
        var ids = await o
            .Services.GetRequiredService<JobEnqueuer>()
            .EnqueueAsync([new NewJobRow(GatedHandler.JobType, payload, Guid.NewGuid())], CancellationToken.None);
        return ids[0];
    }

    private static Task<string> StatusAsync(NpgsqlDataSource db, Guid id) =>
        QueryAsync<string>(db, "SELECT status FROM jobs WHERE id = @id", new { id });

    private static async Task<T> QueryAsync<T>(NpgsqlDataSource db, string sql, object args)
    {
        await using var c = await db.OpenConnectionAsync();
        return await c.QuerySingleAsync<T>(sql, args);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var c = await db.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    /// <summary>
    /// A job type only these tests run: it waits until the test opens its gate (or its token fires), and with
    /// <c>failFirst</c> its first attempt throws. Static state, keyed by job id: replicas in this process share it.
    /// </summary>
    private sealed class GatedHandler : IJobHandler
    {
        public const string JobType = "test_gated";
        public static readonly ConcurrentDictionary<Guid, bool> Started = new();
        public static readonly ConcurrentDictionary<Guid, int> Stopped = new();
        private static readonly ConcurrentDictionary<Guid, TaskCompletionSource> Gates = new();

        public static void Register(IServiceCollection services) => services.AddSingleton<IJobHandler, GatedHandler>();

        public static void Open(Guid id) => Gate(id).TrySetResult();

        private static TaskCompletionSource Gate(Guid id) =>
            Gates.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public string Type => JobType;

        public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
        {
            Started[job.JobId] = true;
            if (job.Attempt == 1 && JsonDocument.Parse(job.Payload).RootElement.GetProperty("failFirst").GetBoolean())
                throw new InvalidOperationException("first attempt fails");
            try
            {
                await Gate(job.JobId).Task.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                Stopped.AddOrUpdate(job.JobId, 1, (_, n) => n + 1);
                throw;
            }
            return new JobOutcome();
        }
    }
}
