using Npgsql;
using ResumePair.LocalInfrastructure;
using Xunit;

namespace ResumePair.AppHost.Tests;

public sealed class PostgresServerTests : IDisposable
{
    private readonly string _directory = InfrastructureProcesses.NewDataDirectory("pg");

    public void Dispose() => InfrastructureProcesses.Delete(_directory);

    [Fact]
    public async Task Starts_creates_databases_survives_restart_and_crash_and_stops_without_leftovers()
    {
        var server = await PostgresServer.StartAsync(_directory, fastUnsafe: true);
        try
        {
            Assert.InRange(server.Port, 1, 65535);
            await server.CreateDatabaseAsync("things");
            await server.CreateDatabaseAsync("things"); // second time: no-op
            var cs = server.ConnectionString("things");
            Assert.Equal($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=things", cs);
            await ExecuteAsync(cs, "CREATE TABLE t (id int); INSERT INTO t VALUES (42)");

            var port = server.Port;
            await server.RestartAsync();
            Assert.Equal(port, server.Port);
            Assert.Equal(42, await ScalarAsync(cs, "SELECT id FROM t"));

            await server.KillAsync();
            Assert.Empty(InfrastructureProcesses.Under(_directory));
            await server.RestartAsync(); // crash recovery from WAL
            Assert.Equal(port, server.Port);
            Assert.Equal(42, await ScalarAsync(cs, "SELECT id FROM t"));
        }
        finally
        {
            await server.StopAsync();
        }
        Assert.Empty(InfrastructureProcesses.Under(_directory));
        Assert.False(InfrastructureProcesses.Listening(server.Port));
    }

    [Fact]
    public async Task A_server_left_running_by_a_killed_run_is_replaced_on_the_next_start()
    {
        var abandoned = await PostgresServer.StartAsync(_directory, fastUnsafe: true);
        Assert.NotEmpty(InfrastructureProcesses.Under(_directory));

        // The previous owner "died" without stopping it: the next start in the same folder must still work.
        await using var next = await PostgresServer.StartAsync(_directory, fastUnsafe: true);
        Assert.Equal(1, await ScalarAsync(next.ConnectionString("postgres"), "SELECT 1"));
        Assert.False(abandoned.Port != next.Port && InfrastructureProcesses.Listening(abandoned.Port));

        await next.StopAsync();
        Assert.Empty(InfrastructureProcesses.Under(_directory));
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> ScalarAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
