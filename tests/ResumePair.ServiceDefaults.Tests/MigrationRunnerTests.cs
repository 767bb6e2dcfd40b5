using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.Migrations;
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

        var first = await MigrationRunner.ApplyAsync(
            db,
            typeof(MigrationRunnerTests).Assembly,
            NullLogger.Instance,
            CancellationToken.None
        );
        var second = await MigrationRunner.ApplyAsync(
            db,
            typeof(MigrationRunnerTests).Assembly,
            NullLogger.Instance,
            CancellationToken.None
        );

        // The libraries this assembly uses that own tables come first, recorded under their own names.
        Assert.Equal([.. LibraryMigrations, "0001_create_notes", "0002_add_created_at"], first);
        Assert.Empty(second);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM notes WHERE created_at IS NOT NULL");
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_database_that_had_the_library_tables_under_the_services_own_numbering_takes_them_as_they_are()
    {
        await using var db = NpgsqlDataSource.Create(await infra.CreateDatabaseAsync("migrations_legacy"));
        await MigrationRunner.ApplyAsync(
            db,
            typeof(MigrationRunnerTests).Assembly,
            NullLogger.Instance,
            CancellationToken.None
        );
        // Before the libraries shipped their own migrations, services linked the same SQL under their own versions.
        await using (var forget = db.CreateCommand("DELETE FROM schema_migrations WHERE version LIKE 'ResumePair.%'"))
            await forget.ExecuteNonQueryAsync();

        var again = await MigrationRunner.ApplyAsync(db, typeof(MigrationRunnerTests).Assembly, NullLogger.Instance,
            CancellationToken.None);

        Assert.Equal(LibraryMigrations, again);
    }

    private static readonly string[] LibraryMigrations =
    [
        "ResumePair.Messaging:0001_outbox", "ResumePair.Messaging:0002_outbox_lease", "ResumePair.Messaging:0003_inbox",
        "ResumePair.Web:0001_idempotency", "ResumePair.Web:0002_rate_limits",
    ];

    [Fact]
    public async Task Concurrent_runs_apply_each_migration_exactly_once()
    {
        await using var db = NpgsqlDataSource.Create(await infra.CreateDatabaseAsync("migrations_race"));

        var runs = await Task.WhenAll(
            Enumerable
                .Range(0, 4)
                .Select(_ =>
                    MigrationRunner.ApplyAsync(
                        db,
                        typeof(MigrationRunnerTests).Assembly,
                        NullLogger.Instance,
                        CancellationToken.None
                    )
                )
        );

        Assert.Equal(LibraryMigrations.Length + 2, runs.Sum(r => r.Count));
        await using var cmd = db.CreateCommand("SELECT count(*) FROM notes");
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }
}
