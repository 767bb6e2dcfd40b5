using System.Collections.Concurrent;
using Npgsql;
using ResumePair.LocalInfrastructure.Internal;

namespace ResumePair.LocalInfrastructure;

/// <summary>
/// A PostgreSQL cluster run as a plain local process from Debian's binaries: initdb on first use,
/// pg_ctl to start and stop, listening on 127.0.0.1 only (no Unix socket, so long data paths and
/// stale socket locks never matter). Data persists in the given directory between starts.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory;
    private readonly bool _fastUnsafe;
    private readonly ServerNetwork _network;
    private readonly ConcurrentDictionary<string, byte> _handedOut = new();
    private bool _running;

    private PostgresServer(string dataDirectory, int port, bool fastUnsafe, ServerNetwork network)
    {
        _dataDirectory = dataDirectory;
        Port = port;
        _fastUnsafe = fastUnsafe;
        _network = network;
    }

    /// <summary>The address clients connect to (127.0.0.1 unless started with a <see cref="ServerNetwork"/>).</summary>
    public string Host => _network.ListenAddress;

    public int Port { get; private set; }

    /// <summary>Starts (initialising on first use) the cluster in <paramref name="dataDirectory"/>; port 0 picks a free port.</summary>
    /// <param name="network">Where to listen; null = 127.0.0.1 only.</param>
    public static async Task<PostgresServer> StartAsync(string dataDirectory, int port = 0, bool fastUnsafe = false, CancellationToken ct = default,
        ServerNetwork? network = null)
    {
        var server = new PostgresServer(Path.GetFullPath(dataDirectory), port, fastUnsafe, network ?? ServerNetwork.Loopback);
        await server.StopLeftoverAsync().ConfigureAwait(false);
        await server.InitialiseAsync(ct).ConfigureAwait(false);
        try
        {
            await server.StartCoreAsync(choosePort: port == 0, ct).ConfigureAwait(false);
        }
        catch
        {
            // Cancelled or failed after pg_ctl started the postmaster: leave nothing running.
            await ProcessTable.KillMarkedAsync(server._dataDirectory, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            throw;
        }
        return server;
    }

    public string ConnectionString(string database)
    {
        var cs = $"Host={Host};Port={Port};Username=postgres;Database={database}";
        _handedOut.TryAdd(cs, 0);
        return cs;
    }

    /// <summary>Creates the database unless it exists (safe against concurrent creators).</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null) return;
        }
        var quoted = "\"" + name.Replace("\"", "\"\"") + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another caller created it between our check and our CREATE: the goal is met.
        }
    }

    /// <summary>pg_ctl stop -m fast; falls back to SIGKILL. Leaves no process behind.</summary>
    public async Task StopAsync()
    {
        if (!_running) return;
        _running = false;
        ClearPools();
        var stop = await PgCtlAsync(["stop", "-D", _dataDirectory, "-m", "fast", "-w", "-t", "30"], CancellationToken.None).ConfigureAwait(false);
        if (!stop.Succeeded && PostmasterPid() is { } pid && ProcessTable.IsAlive(pid))
            Native.Kill(pid, Native.SIGKILL);
        // Backends exit right after the postmaster; make sure before the caller reuses the port or the directory.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (ProcessTable.Marked(_dataDirectory).Count > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50).ConfigureAwait(false);
        await ProcessTable.KillMarkedAsync(_dataDirectory, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>SIGKILLs the postmaster and its backends, as a machine crash would. Restart recovers from WAL.</summary>
    public async Task KillAsync()
    {
        _running = false;
        ClearPools();
        if (PostmasterPid() is { } pid)
        {
            var children = ProcessTable.ChildrenOf(pid);
            Native.Kill(pid, Native.SIGKILL);
            foreach (var child in children) Native.Kill(child, Native.SIGKILL);
        }
        await ProcessTable.KillMarkedAsync(_dataDirectory, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>Stops (if running) and starts again on the same port.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync().ConfigureAwait(false);
        await StopLeftoverAsync().ConfigureAwait(false);
        await StartCoreAsync(choosePort: false, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    public override string ToString() => $"postgres {Host}:{Port} ({_dataDirectory})";

    private string AdminConnectionString => $"Host={Host};Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";

    private string LogFile => Path.Combine(_dataDirectory, "server.log");

    private Dictionary<string, string> Environment => new() { [ProcessTable.MarkerVariable] = _dataDirectory };

    private async Task InitialiseAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(_dataDirectory);
        if (Native.IsRoot)
        {
            // initdb refuses root; the cluster belongs to the postgres user, who must be able to reach it.
            MakeAncestorsTraversable(_dataDirectory);
            await CommandRunner.RunCheckedAsync("chown", ["postgres:postgres", _dataDirectory], ct: ct).ConfigureAwait(false);
        }
        if (!OperatingSystem.IsWindows()) // PostgreSQL insists on 0700
            File.SetUnixFileMode(_dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            AdmitClients();
            return;
        }

        List<string> args = ["-D", _dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"];
        if (_fastUnsafe) args.Add("--no-sync");
        var result = await RunAsPostgresAsync(Path.Combine(Binaries.PostgresBin, "initdb"), args, TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new InvalidOperationException($"initdb failed for {_dataDirectory} ({result.ExitCode}):\n{result.Output}");
        AdmitClients();
    }

    /// <summary>initdb's pg_hba.conf trusts loopback only; a server listening on a network admits its client subnet.</summary>
    private void AdmitClients()
    {
        if (_network.ClientSubnet is not { } subnet) return;
        var hba = Path.Combine(_dataDirectory, "pg_hba.conf");
        var line = $"host all all {subnet} trust";
        if (!File.ReadLines(hba).Contains(line)) File.AppendAllText(hba, $"\n# ResumePair.LocalInfrastructure: ServerNetwork clients\n{line}\n");
    }

    private async Task StartCoreAsync(bool choosePort, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (choosePort) Port = FreePorts.Next();
            var listen = _network.IsLoopback ? "127.0.0.1" : $"127.0.0.1,{_network.ListenAddress}";
            var options = $"-c listen_addresses={listen} -p {Port} -c unix_socket_directories='' -c max_connections=300";
            if (_fastUnsafe) options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            var start = await PgCtlAsync(["start", "-D", _dataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options], ct).ConfigureAwait(false);
            if (start.Succeeded) break;

            var log = CommandRunner.Tail(LogFile);
            var portTaken = log.Contains("could not bind", StringComparison.Ordinal) || log.Contains("already in use", StringComparison.Ordinal);
            await ProcessTable.KillMarkedAsync(_dataDirectory, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            if (choosePort && portTaken && attempt < 3) continue;
            throw new InvalidOperationException($"PostgreSQL did not start on port {Port} ({_dataDirectory}):\n{start.Output}\n{log}");
        }
        _running = true;
        await WaitUntilConnectableAsync(ct).ConfigureAwait(false);
    }

    private async Task WaitUntilConnectableAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or PostgresException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A postmaster left running by a killed earlier run, or its stale pid file, would block this start.</summary>
    private async Task StopLeftoverAsync()
    {
        var pidFile = Path.Combine(_dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return;
        if (PostmasterPid() is { } pid && ProcessTable.IsAlive(pid))
        {
            var stop = await PgCtlAsync(["stop", "-D", _dataDirectory, "-m", "fast", "-w", "-t", "15"], CancellationToken.None).ConfigureAwait(false);
            if (!stop.Succeeded) Native.Kill(pid, Native.SIGKILL);
        }
        await ProcessTable.KillMarkedAsync(_dataDirectory, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (PostmasterPid() is not { } stale || !ProcessTable.IsAlive(stale)) File.Delete(pidFile);
    }

    private int? PostmasterPid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(_dataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, out var pid) ? pid : null;
        }
        catch (IOException) { return null; }
    }

    private Task<CommandResult> PgCtlAsync(IEnumerable<string> args, CancellationToken ct) =>
        RunAsPostgresAsync(Path.Combine(Binaries.PostgresBin, "pg_ctl"), args, TimeSpan.FromSeconds(90), ct);

    private Task<CommandResult> RunAsPostgresAsync(string tool, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var (file, arguments) = Native.IsRoot ? _network.Wrap("runuser", ["-u", "postgres", "--", tool, .. args]) : _network.Wrap(tool, args);
        return CommandRunner.RunAsync(file, arguments, Environment, timeout, _dataDirectory, ct);
    }

    private void ClearPools()
    {
        // Pooled connections to a stopped server are dead; drop them so the next open reconnects.
        foreach (var cs in _handedOut.Keys)
        {
            using var connection = new NpgsqlConnection(cs);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private static void MakeAncestorsTraversable(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        for (var dir = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(dir) && dir != "/"; dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if (!mode.HasFlag(UnixFileMode.OtherExecute)) File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
        }
    }
}
