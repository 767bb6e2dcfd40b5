using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.Migrations;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>A fresh database with the orchestrator's migrations (jobs, outbox, inbox) applied.</summary>
public static class TestDatabase
{
    public static async Task<(string ConnectionString, NpgsqlDataSource DataSource)> CreateAsync(
        InfrastructureFixture infra,
        string prefix
    )
    {
        var connectionString = await infra.CreateDatabaseAsync(prefix);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await MigrationRunner.ApplyAsync(
            dataSource,
            typeof(Program).Assembly,
            NullLogger.Instance,
            CancellationToken.None
        );
        return (connectionString, dataSource);
    }
}
