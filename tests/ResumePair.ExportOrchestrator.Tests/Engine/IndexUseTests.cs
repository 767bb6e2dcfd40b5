using Dapper;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Engine;

/// <summary>
/// Unfinished jobs stay out of the history indexes (migration 0018), so the queries that read a user's or a status's
/// jobs must still find an index that covers them. Each query runs for real with sequential scans disabled in its
/// transaction: the planner then scans the table only when no index can answer, which the transaction's own table
/// statistics show.
/// </summary>
[Collection("infrastructure")]
public sealed class IndexUseTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Per_user_and_per_status_queries_use_indexes_although_unfinished_jobs_are_left_out_of_two()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "indexuse");
        await using var _ = db;
        var user = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var ids = await SeedAsync(db, user, now);

        // Hourly limit: every status counts.
        var created = await InTransactionAsync(db, (c, tx) =>
            JobStore.CountCreatedSinceAsync(c, tx, user, now.AddHours(-1), CancellationToken.None));
        Assert.Equal((ids.Length, 0L), created);

        foreach (var status in new[] { "pending", "processing", "completed", "dead_letter" })
        {
            var listed = await InTransactionAsync(db, (c, tx) =>
                JobStore.ListAsync(c, tx, status, null, 50, 0, CancellationToken.None));
            Assert.Equal((110L, 0L), (listed.Result.Total, listed.SeqScans));
        }
        Assert.Equal((50, 0L), await InTransactionAsync(db, async (c, tx) =>
            (await JobStore.DeadLetteredAsync(c, tx, 50, CancellationToken.None)).Count));

        // An account deleted: every job of the user, whatever its status, and only that user's.
        var deleted = await InTransactionAsync(db, (c, tx) =>
            JobStore.DeleteUserAsync(c, tx, user, CancellationToken.None)
        );
        Assert.Equal(((ids.Length, 0), 0L), deleted);
        await using var check = await db.OpenConnectionAsync();
        Assert.Equal(
            0L,
            await check.ExecuteScalarAsync<long>("SELECT count(*) FROM jobs WHERE created_by = @user", new { user })
        );
        Assert.Equal(400L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM jobs"));
    }

    /// <summary>The user's 40 jobs and 400 of other users, a quarter of each in each of four statuses.</summary>
    private static async Task<Guid[]> SeedAsync(NpgsqlDataSource db, Guid user, DateTimeOffset now)
    {
        await using var c = await db.OpenConnectionAsync();
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.CreateVersion7()).ToArray();
        var rows = ids.Select(_ => new NewJobRow("noop", "{}", user)).ToList();
        await JobStore.InsertManyAsync(c, null, ids, rows, 5, now, notify: false, CancellationToken.None);
        var others = Enumerable.Range(0, 400).Select(_ => Guid.CreateVersion7()).ToArray();
        await JobStore.InsertManyAsync(
            c,
            null,
            others,
            others.Select(_ => new NewJobRow("noop", "{}", Guid.NewGuid())).ToList(),
            5,
            now,
            notify: false,
            CancellationToken.None
        );
        string[] statuses = ["pending", "processing", "completed", "dead_letter"];
        await c.ExecuteAsync(
            """
            UPDATE jobs SET status = s.status,
                            completed_at = CASE WHEN s.status IN ('completed', 'dead_letter') THEN @now END
            FROM unnest(@ids, @statuses) AS s(id, status) WHERE jobs.id = s.id
            """,
            new
            {
                now,
                ids = ids.Concat(others).ToArray(),
                statuses = ids.Concat(others).Select((_, i) => statuses[i % 4]).ToArray(),
            }
        );
        await c.ExecuteAsync("ANALYZE jobs");
        return ids;
    }

    /// <summary>
    /// Runs <paramref name="query"/> (and commits it) with sequential scans disabled; returns its result and the
    /// sequential scans of jobs it made.
    /// </summary>
    private static async Task<(T Result, long SeqScans)> InTransactionAsync<T>(NpgsqlDataSource db,
        Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> query)
    {
        await using var c = await db.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        await c.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: tx);
        // The backend's counts not yet flushed to the shared statistics, which may include earlier transactions on this
        // pooled connection: the query's own scans are the difference.
        const string seqScans =
            "SELECT COALESCE((SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'jobs'), 0)";
        var before = await c.ExecuteScalarAsync<long>(seqScans, transaction: tx);
        var result = await query(c, tx);
        var scans = await c.ExecuteScalarAsync<long>(seqScans, transaction: tx) - before;
        await tx.CommitAsync();
        return (result, scans);
    }
}
