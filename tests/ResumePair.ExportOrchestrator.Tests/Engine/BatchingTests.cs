using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Messaging;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Engine;

/// <summary>
/// The grouped completion path: whatever shares a batch, each item keeps its guarantees (fencing on the attempt, one
/// effect per attempt) and one bad item does not take the others down.
/// </summary>
[Collection("infrastructure")]
public sealed class BatchingTests(InfrastructureFixture infra)
{
    private static readonly IOptions<ExportOptions> Options = Microsoft.Extensions.Options.Options.Create(
        new ExportOptions()
    );

    [Fact]
    public async Task In_one_completion_batch_a_duplicate_has_one_effect_and_an_older_attempts_result_is_ignored()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "batch_complete");
        await using var _db = db;
        var jobs = await EnqueueAsync(db, 3);
        var (zombie, first, second) = (jobs[0], jobs[1], jobs[2]);
        // The zombie's job moved on to attempt 2 (rescued) while attempt 1 was still running somewhere.
        await ExecAsync(db, "UPDATE jobs SET attempts = 2, status = 'processing' WHERE id = @zombie", new { zombie });
        await using var batcher = Batcher(db);

        var results = await batcher.FlushAsync(
        [
            new(zombie, 1, """{"from":"attempt 1"}""", null, null, null),
            new(first, 1, """{"n":1}""", null, null, null),
            new(first, 1, """{"n":2}""", null, null, null),
            new(second, 1, null, null, null, null),
        ], CancellationToken.None);

        Assert.Equal(
            new[]
            {
                CompletionResult.Ignored,
                CompletionResult.Completed,
                CompletionResult.Ignored,
                CompletionResult.Completed,
            },
            results
        );
        Assert.Equal(("processing", 2, (string?)null), await QuerySingleAsync<(string, int, string?)>(db,
            "SELECT status, attempts, result::text FROM jobs WHERE id = @zombie", new { zombie }));
        Assert.Equal(
            """{"n": 1}""",
            await QuerySingleAsync<string>(db, "SELECT result::text FROM jobs WHERE id = @first", new { first })
        );
        // One visible change each (the revision the SSE streams follow): pending (1) -> completed (2); the zombie's row
        // was only touched by the test's own UPDATE (its trigger bump: 2).
        Assert.Equal(
            2L,
            await QuerySingleAsync<long>(db, "SELECT revision FROM jobs WHERE id = @first", new { first })
        );
        Assert.Equal(
            2L,
            await QuerySingleAsync<long>(db, "SELECT revision FROM jobs WHERE id = @zombie", new { zombie })
        );

        // The same attempt's result again, in a later batch: the job has finished, no second effect.
        Assert.Equal(
            new[] { CompletionResult.Ignored },
            await batcher.FlushAsync([new(first, 1, """{"n":3}""", null, null, null)], CancellationToken.None)
        );
        Assert.Equal((2L, """{"n": 1}"""), await QuerySingleAsync<(long, string)>(db,
            "SELECT revision, result::text FROM jobs WHERE id = @first", new { first }));
    }

    [Fact]
    public async Task A_completion_that_fails_its_batch_fails_alone_and_the_others_in_the_batch_complete()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "batch_poison");
        await using var _db = db;
        var jobs = await EnqueueAsync(db, 3);
        await using var batcher = Batcher(db);

        // One statement is all or nothing: a result that is not JSON fails the whole batch...
        await Assert.ThrowsAsync<PostgresException>(() =>
            batcher.FlushAsync(
                [new(jobs[0], 1, null, null, null, null), new(jobs[1], 1, "{not json", null, null, null)],
                CancellationToken.None
            )
        );
        Assert.Equal(0L, await CountAsync(db, "SELECT count(*) FROM jobs WHERE status = 'completed'"));

        // ...so the committer retries its items one by one: the good ones complete, the bad one fails alone.
        var completions = jobs.Select(
                (id, i) =>
                    batcher.CompleteAsync(id, 1, new JobOutcome(i == 1 ? "{not json" : null), CancellationToken.None)
            )
            .ToList();
        await Assert.ThrowsAsync<PostgresException>(() => completions[1]);
        Assert.Equal(CompletionResult.Completed, await completions[0]);
        Assert.Equal(CompletionResult.Completed, await completions[2]);
        Assert.Equal(
            new[] { "completed", "pending", "completed" },
            await QueryAsync<string>(
                db,
                "SELECT j.status FROM unnest(@jobs) WITH ORDINALITY AS o(id, n) JOIN jobs j ON j.id = o.id "
                    + "ORDER BY o.n",
                new { jobs }
            )
        );
    }

    [Fact]
    public async Task The_group_committer_retries_a_failed_batch_item_by_item()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateFlushing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new List<int>();
        await using var committer = new GroupCommitter<string, string>("test", async (items, _) =>
        {
            lock (batches) batches.Add(items.Count);
            if (items.Contains("gate"))
            {
                gateFlushing.SetResult();
                await gate.Task; // holds the only flush loop while the next items queue up
            }
            if (items.Contains("poison")) throw new InvalidOperationException("poison");
            return items.Select(i => i.ToUpperInvariant()).ToList();
        }, maxBatch: 10, concurrency: 1, TimeProvider.System, NullLogger.Instance);

        var held = committer.SubmitAsync("gate", CancellationToken.None);
        await gateFlushing.Task;
        var queued = new[] { "a", "poison", "b" }
            .Select(i => committer.SubmitAsync(i, CancellationToken.None))
            .ToList();
        gate.SetResult();

        Assert.Equal("GATE", await held);
        Assert.Equal("A", await queued[0]);
        Assert.Equal("poison", (await Assert.ThrowsAsync<InvalidOperationException>(() => queued[1])).Message);
        Assert.Equal("B", await queued[2]);
        // the gate alone, the three together (failed), then each on its own
        Assert.Equal(new[] { 1, 3, 1, 1, 1 }, batches);
    }

    [Fact]
    public async Task A_lingering_committer_waits_for_more_items_before_it_flushes_and_one_without_linger_does_not()
    {
        async Task<List<int>> BatchesAsync(TimeSpan linger)
        {
            var batches = new List<int>();
            await using var committer = new GroupCommitter<int, int>("test", (items, _) =>
            {
                lock (batches) batches.Add(items.Count);
                return Task.FromResult<IReadOnlyList<int>>(items.ToList());
            }, maxBatch: 100, concurrency: 1, TimeProvider.System, NullLogger.Instance, linger);
            var first = committer.SubmitAsync(0, CancellationToken.None);
            await Task.Delay(100); // well inside a 2 s linger, long after an immediate flush
            var later = Enumerable.Range(1, 4).Select(i => committer.SubmitAsync(i, CancellationToken.None)).ToList();
            var results = new List<int> { await first };
            results.AddRange(await Task.WhenAll(later));
            Assert.Equal([0, 1, 2, 3, 4], results);
            return batches;
        }

        Assert.Equal([5], await BatchesAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal([1, 4], await BatchesAsync(TimeSpan.Zero));
    }

    private static async Task<Guid[]> EnqueueAsync(NpgsqlDataSource db, int count)
    {
        var enqueuer = new JobEnqueuer(db, Notifier(db), Options, TimeProvider.System);
        return await enqueuer.EnqueueAsync(
            Enumerable.Range(0, count).Select(_ => new NewJobRow(NoopHandler.JobType, "{}", Guid.NewGuid())).ToList(),
            CancellationToken.None
        );
    }

    private static JobCompletionBatcher Batcher(NpgsqlDataSource db) =>
        new(
            db,
            new JobEventHub(db, Notifier(db), NullLogger<JobEventHub>.Instance),
            Options,
            TimeProvider.System,
            NullLogger<JobCompletionBatcher>.Instance
        );

    private static PostCommitNotifier Notifier(NpgsqlDataSource db) =>
        new(
            db,
            Microsoft.Extensions.Options.Options.Create(new PostCommitNotifierOptions()),
            TimeProvider.System,
            NullLogger<PostCommitNotifier>.Instance
        );

    private static async Task ExecAsync(NpgsqlDataSource db, string sql, object args)
    {
        await using var c = await db.OpenConnectionAsync();
        await c.ExecuteAsync(sql, args);
    }

    private static async Task<T> QuerySingleAsync<T>(NpgsqlDataSource db, string sql, object args)
    {
        await using var c = await db.OpenConnectionAsync();
        return await c.QuerySingleAsync<T>(sql, args);
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlDataSource db, string sql, object args)
    {
        await using var c = await db.OpenConnectionAsync();
        return (await c.QueryAsync<T>(sql, args)).ToList();
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var c = await db.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }
}
