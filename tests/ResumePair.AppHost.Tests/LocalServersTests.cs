using System.Diagnostics;
using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using RabbitMQ.Client;
using ResumePair.Testing;
using ResumePair.Testing.Servers;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>
/// PostgreSQL and RabbitMQ as executable resources (hosting/ResumePair.Hosting.LocalServers) in an app of their own:
/// first start initialises, a second start on the same folder keeps the data, and stopping leaves no process behind.
/// </summary>
public sealed class LocalServersTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(
        RepositoryPaths.TestDataRoot,
        "servers-" + Guid.NewGuid().ToString("N")[..8]
    );

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (DirectoryNotFoundException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Data_survives_a_restart_and_nothing_is_left_running_after_stop()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;

        await using (var first = await StartAsync(ct))
        {
            await using var connection = new NpgsqlConnection(await ConnectionStringAsync(first, "notesdb", ct));
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand(
                "CREATE TABLE note (text text); INSERT INTO note VALUES ('kept')",
                connection
            );
            await create.ExecuteNonQueryAsync(ct);

            var factory = new ConnectionFactory
            {
                Uri = new Uri((await ConnectionStringAsync(first, "messaging", ct))!),
            };
            await using var amqp = await factory.CreateConnectionAsync(ct);
            await using var channel = await amqp.CreateChannelAsync(cancellationToken: ct);
            var queue = await channel.QueueDeclareAsync(
                "probe",
                durable: false,
                exclusive: true,
                autoDelete: true,
                cancellationToken: ct
            );
            Assert.Equal("probe", queue.QueueName);
            await first.StopAsync(ct);
        }
        Assert.Empty(await ProcessesUsingAsync(_directory, TimeSpan.FromSeconds(30)));

        await using (var second = await StartAsync(ct))
        {
            await using var connection = new NpgsqlConnection(await ConnectionStringAsync(second, "notesdb", ct));
            await connection.OpenAsync(ct);
            await using var read = new NpgsqlCommand("SELECT text FROM note", connection);
            Assert.Equal("kept", await read.ExecuteScalarAsync(ct));
            await second.StopAsync(ct);
        }
        Assert.Empty(await ProcessesUsingAsync(_directory, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Tests_stop_kill_and_restart_the_servers_on_the_same_port_and_keep_the_data()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var servers = await LocalServers.StartAsync(_directory, fastUnsafe: true, ct: ct);
        var postgres = servers.Postgres!;
        var rabbit = servers.RabbitMq!;
        await postgres.CreateDatabaseAsync("drills", ct);
        var connectionString = postgres.ConnectionString("drills");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand(
                "CREATE TABLE note (text text); INSERT INTO note VALUES ('kept')",
                connection
            );
            await create.ExecuteNonQueryAsync(ct);
        }

        // Stopped (fast shutdown, pooled sessions and all) and killed: the port refuses, as a real server's would.
        await postgres.StopAsync(ct);
        await AssertRefusedAsync(postgres.Port);
        await postgres.StartAsync(ct);
        await postgres.KillAsync(ct);
        await AssertRefusedAsync(postgres.Port);
        await postgres.RestartAsync(ct);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var read = new NpgsqlCommand("SELECT text FROM note", connection);
            Assert.Equal("kept", await read.ExecuteScalarAsync(ct));
        }

        await rabbit.KillAsync(ct);
        await AssertRefusedAsync(rabbit.Port);
        await rabbit.RestartAsync(ct);
        var factory = new ConnectionFactory { Uri = new Uri(rabbit.AmqpUri) };
        await using var amqp = await factory.CreateConnectionAsync(ct);
        Assert.True(amqp.IsOpen);
    }

    private static async Task AssertRefusedAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        var refused = await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() =>
            client.ConnectAsync("127.0.0.1", port)
        );
        Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private async Task<DistributedApplication> StartAsync(CancellationToken ct)
    {
        var builder = ServersOnlyBuilder.Create();
        var postgres = builder
            .AddLocalPostgres("postgres", Path.Combine(_directory, "postgres"))
            .WithFastUnsafeStorage();
        var notes = postgres.AddDatabase("notesdb");
        var messaging = builder.AddLocalRabbitMQ("messaging", Path.Combine(_directory, "messaging"));
        var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        // The database's state is published by its parent: WaitFor(database) depends on exactly this.
        await app.ResourceNotifications.WaitForResourceHealthyAsync(notes.Resource.Name, ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(messaging.Resource.Name, ct);
        return app;
    }

    private static async Task<string?> ConnectionStringAsync(
        DistributedApplication app,
        string name,
        CancellationToken ct
    ) => await app.GetConnectionStringAsync(name, ct);

    /// <summary>Processes whose command line names the folder (postmaster, beam, epmd run from it), after a grace
    /// period.</summary>
    private static async Task<List<string>> ProcessesUsingAsync(string directory, TimeSpan grace)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = Directory
                .EnumerateDirectories("/proc")
                .Where(d => int.TryParse(Path.GetFileName(d), out _))
                .Select(d =>
                {
                    try
                    {
                        return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                    }
                    catch (IOException)
                    {
                        return "";
                    }
                })
                .Where(c => c.Contains(directory, StringComparison.Ordinal))
                .ToList();
            if (found.Count == 0 || clock.Elapsed > grace) return found;
            await Task.Delay(250);
        }
    }
}
