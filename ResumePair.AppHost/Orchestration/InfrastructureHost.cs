using System.Collections.Concurrent;
using Npgsql;
using ResumePair.AppHost.Model;
using ResumePair.AppHost.Processes;
using ResumePair.LocalInfrastructure;

namespace ResumePair.AppHost.Orchestration;

/// <summary>
/// Brings up the PostgreSQL and RabbitMQ resources — local processes with data under the data directory
/// (persisting between runs), or the servers given with --postgres / --rabbitmq — and creates the databases.
/// </summary>
public sealed class InfrastructureHost(ResourceGraph graph, LauncherOptions options, string dataDirectory, ConsoleLog log) : IAsyncDisposable
{
    private readonly Dictionary<IResource, PostgresServer> _postgres = [];
    private readonly Dictionary<IResource, RabbitMqServer> _rabbit = [];
    private readonly ConcurrentDictionary<IResource, string> _connectionStrings = new();
    private readonly CancellationTokenSource _starting = new();
    private readonly List<Task> _starts = [];
    private readonly List<ResourceRow> _rows = [];
    private readonly Lock _gate = new();

    /// <summary>Live: filled in as servers come up (a broker's URI is known before it is, its port being chosen first).</summary>
    public IReadOnlyDictionary<IResource, string> ConnectionStrings => _connectionStrings;

    public IReadOnlyList<ResourceRow> Rows
    {
        get { lock (_gate) return _rows.ToList(); }
    }

    // PostgreSQL and RabbitMQ start concurrently and both record what they became.
    private void AddRow(ResourceRow row)
    {
        lock (_gate) _rows.Add(row);
    }

    private void SetConnectionString(IResource resource, string connectionString) => _connectionStrings[resource] = connectionString;

    /// <summary>
    /// Starts every server side by side and returns, per infrastructure resource (servers and databases), the task
    /// that completes when it is usable — so migrations can run while RabbitMQ (the slow one, ~7 s) still boots.
    /// </summary>
    public IReadOnlyDictionary<IResource, Task> Start(CancellationToken ct)
    {
        var token = CancellationTokenSource.CreateLinkedTokenSource(ct, _starting.Token).Token;
        var ready = new Dictionary<IResource, Task>();
        foreach (var postgres in graph.Resources.OfType<PostgresServerResource>())
        {
            var started = StartPostgresAsync(postgres, token);
            ready[postgres] = started;
            foreach (var database in postgres.Databases) ready[database] = started;
        }
        foreach (var rabbit in graph.Resources.OfType<RabbitMQServerResource>())
            ready[rabbit] = StartRabbitAsync(rabbit, token);
        lock (_gate) _starts.AddRange(ready.Values.Distinct());
        return ready;
    }

    private async Task StartPostgresAsync(PostgresServerResource resource, CancellationToken ct)
    {
        string serverConnectionString;
        Func<string, string> databaseConnectionString;
        Func<string, Task> createDatabase;
        if (options.Postgres is { } given)
        {
            serverConnectionString = given;
            databaseConnectionString = db => new NpgsqlConnectionStringBuilder(given) { Database = db }.ConnectionString;
            createDatabase = db => CreateDatabaseOnExistingServerAsync(given, db, ct);
            AddRow(new ResourceRow(resource.Name, "PostgreSQL", "External", Redact(given)));
        }
        else
        {
            var directory = Path.Combine(dataDirectory, resource.Name);
            log.Info($"starting {resource.Name} (PostgreSQL, data in {directory})");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var server = await PostgresServer.StartAsync(directory, ct: ct);
            log.Info($"{resource.Name} ready in {clock.Elapsed.TotalSeconds:0.0} s on port {server.Port}");
            lock (_gate) _postgres[resource] = server;
            serverConnectionString = server.ConnectionString("postgres");
            databaseConnectionString = server.ConnectionString;
            createDatabase = db => server.CreateDatabaseAsync(db, ct);
            AddRow(new ResourceRow(resource.Name, "PostgreSQL", "Running", $"tcp://127.0.0.1:{server.Port}"));
        }
        SetConnectionString(resource, serverConnectionString);
        foreach (var database in resource.Databases)
        {
            await createDatabase(database.DatabaseName);
            SetConnectionString(database, databaseConnectionString(database.DatabaseName));
            AddRow(new ResourceRow(database.Name, "Database", "Ready", Redact(databaseConnectionString(database.DatabaseName))));
        }
    }

    private async Task StartRabbitAsync(RabbitMQServerResource resource, CancellationToken ct)
    {
        if (options.RabbitMq is { } given)
        {
            SetConnectionString(resource, given);
            AddRow(new ResourceRow(resource.Name, "RabbitMQ", "External", Redact(given)));
            return;
        }
        var directory = Path.Combine(dataDirectory, resource.Name);
        log.Info($"starting {resource.Name} (RabbitMQ, data in {directory})");
        int port;
        using (var ports = new PortAllocator()) port = ports.Next();
        SetConnectionString(resource, $"amqp://guest:guest@127.0.0.1:{port}/");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var server = await RabbitMqServer.StartAsync(directory, port, ct);
        log.Info($"{resource.Name} ready in {clock.Elapsed.TotalSeconds:0.0} s on port {server.Port}");
        lock (_gate) _rabbit[resource] = server;
        SetConnectionString(resource, server.AmqpUri);
        AddRow(new ResourceRow(resource.Name, "RabbitMQ", "Running",
            $"amqp://127.0.0.1:{server.Port}/ (management http://127.0.0.1:{server.ManagementPort}/)"));
    }

    /// <summary>Stops the servers this launcher started (never the external ones).</summary>
    public async ValueTask DisposeAsync()
    {
        // A server still booting (the launch failed or was cancelled meanwhile) is cancelled and cleans up after itself.
        await _starting.CancelAsync();
        Task[] starts;
        lock (_gate) starts = _starts.ToArray();
        try { await Task.WhenAll(starts); } catch { /* reported by whoever awaited them */ }
        var stops = _postgres.Select(p => Stop(p.Key.Name, p.Value.StopAsync))
            .Concat(_rabbit.Select(r => Stop(r.Key.Name, r.Value.StopAsync)));
        await Task.WhenAll(stops);
        _postgres.Clear();
        _rabbit.Clear();

        async Task Stop(string name, Func<Task> stop)
        {
            try
            {
                log.Info($"stopping {name}");
                await stop();
            }
            catch (Exception e)
            {
                log.Error($"stopping {name} failed: {e.Message}");
            }
        }
    }

    private static async Task CreateDatabaseOnExistingServerAsync(string connectionString, string database, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (string.IsNullOrEmpty(admin.Database)) admin.Database = "postgres";
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = database });
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Passwords stay out of the console.</summary>
    private static string Redact(string connection)
    {
        if (Uri.TryCreate(connection, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo) && uri.UserInfo.Contains(':'))
            return connection.Replace(uri.UserInfo, uri.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connection);
            if (!string.IsNullOrEmpty(builder.Password)) builder.Password = "***";
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connection;
        }
    }
}
