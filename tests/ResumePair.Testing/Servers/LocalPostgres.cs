using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using System.Runtime.InteropServices;
using Npgsql;

namespace ResumePair.Testing.Servers;

/// <summary>The PostgreSQL resource of <see cref="LocalServers"/>: 127.0.0.1, user postgres, trust
/// authentication.</summary>
public sealed class LocalPostgres(DistributedApplication app, LocalPostgresResource resource)
    : LocalServer(app, resource)
{
    private readonly LocalPostgresResource _server = resource;

    public string Host => _server.Network?.ListenAddress ?? "127.0.0.1";

    public int Port => _server.PrimaryEndpoint.Port;

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = Host, Port = Port, Username = "postgres", Database = database }
            .ConnectionString;

    /// <summary>Creates the database unless it exists.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = name } },
        };
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"")}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Fast shutdown (SIGINT to the postmaster: sessions are ended, then a checkpoint), as <c>pg_ctl stop -m fast</c>.
    /// DCP's stop sends SIGTERM, PostgreSQL's smart shutdown, which waits until every client has disconnected.
    /// </summary>
    protected override Task BeginStopAsync(CancellationToken ct)
    {
        NpgsqlConnection.ClearAllPools();
        if (Pid() is { } pid && Kill(pid, SigInt) != 0)
            throw new InvalidOperationException($"kill -INT {pid}: errno {Marshal.GetLastPInvokeError()}");
        return Task.CompletedTask;
    }

    private const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    protected override async Task<bool> ServesAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString());
            await connection.OpenAsync(ct);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>Unpooled: a pooled idle session would hold up the server's shutdown.</summary>
    private string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(ConnectionString("postgres"))
        {
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;
}
