using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.ServiceDefaults.Data;
using ResumePair.Testing;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

[Collection("infrastructure")]
public sealed class MigrationRunnerTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Applies_embedded_migrations_in_order_once()
    {
        await using var db = NpgsqlDataSource.Create(await infra.CreateDatabaseAsync("migrations"));

        var first = await MigrationRunner.ApplyAsync(db, typeof(MigrationRunnerTests).Assembly, NullLogger.Instance, CancellationToken.None);
        var second = await MigrationRunner.ApplyAsync(db, typeof(MigrationRunnerTests).Assembly, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(["0001_create_notes", "0002_add_created_at", "0003_rate_limits"], first);
        Assert.Empty(second);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM notes WHERE created_at IS NOT NULL");
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Concurrent_runs_apply_each_migration_exactly_once()
    {
        await using var db = NpgsqlDataSource.Create(await infra.CreateDatabaseAsync("migrations_race"));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            MigrationRunner.ApplyAsync(db, typeof(MigrationRunnerTests).Assembly, NullLogger.Instance, CancellationToken.None)));

        Assert.Equal(3, runs.Sum(r => r.Count));
        await using var cmd = db.CreateCommand("SELECT count(*) FROM notes");
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }
}
