using System.Net.Sockets;
using System.Text;
using ResumePair.LocalInfrastructure.Internal;

namespace ResumePair.LocalInfrastructure;

/// <summary>
/// A RabbitMQ 3.10 broker run as a plain local process (Debian's scripts without the service wrapper).
/// Everything the node would otherwise read or write globally — cookie (HOME), node name, epmd port,
/// mnesia, logs, config, plugins, pid file — lives in or is derived from the data directory, so any
/// number of brokers can run side by side and each one is stopped without a trace.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly string _dataDirectory;
    private readonly int _distPort;
    private readonly int _epmdPort;
    private readonly ServerNetwork _network;
    private bool _running;

    private RabbitMqServer(string dataDirectory, int port, int managementPort, int distPort, int epmdPort, ServerNetwork network)
    {
        _dataDirectory = dataDirectory;
        _network = network;
        Port = port;
        ManagementPort = managementPort;
        _distPort = distPort;
        _epmdPort = epmdPort;
    }

    public int Port { get; }

    public int ManagementPort { get; }

    /// <summary>The address clients connect to (127.0.0.1 unless started with a <see cref="ServerNetwork"/>).</summary>
    public string Host => _network.ListenAddress;

    public string AmqpUri => $"amqp://guest:guest@{Host}:{Port}/";

    /// <summary>Starts a broker with its state in <paramref name="dataDirectory"/>; port 0 picks free ports for everything.</summary>
    /// <param name="network">Where to listen (AMQP and management); null = 127.0.0.1 only.</param>
    public static async Task<RabbitMqServer> StartAsync(string dataDirectory, int port = 0, CancellationToken ct = default, ServerNetwork? network = null)
    {
        var ports = FreePorts.Next(4);
        var server = new RabbitMqServer(Path.GetFullPath(dataDirectory), port == 0 ? ports[0] : port, ports[1], ports[2], ports[3],
            network ?? ServerNetwork.Loopback);
        await server.StartCoreAsync(ct).ConfigureAwait(false);
        return server;
    }

    /// <summary>Graceful stop (SIGTERM, the node shuts its applications down), then SIGKILL if it lingers; epmd goes too.</summary>
    public async Task StopAsync()
    {
        if (!_running) return;
        _running = false;
        if (BeamPid() is { } pid && ProcessTable.IsAlive(pid))
        {
            Native.Kill(pid, Native.SIGTERM);
            if (!await ProcessTable.WaitForExitAsync(pid, TimeSpan.FromSeconds(20)).ConfigureAwait(false))
                Native.Kill(pid, Native.SIGKILL);
        }
        // epmd outlives the node by design; it and the start script are ours to remove.
        await ProcessTable.KillMarkedAsync(_dataDirectory, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        TryDelete(PidFile);
    }

    /// <summary>SIGKILLs the node (and epmd): a crashed broker. Unacknowledged work must survive on restart.</summary>
    public async Task KillAsync()
    {
        _running = false;
        await ProcessTable.KillMarkedAsync(_dataDirectory, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        TryDelete(PidFile);
    }

    /// <summary>Stops (if running) and starts again with the same ports, node name and data.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync().ConfigureAwait(false);
        await StartCoreAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    public override string ToString() => $"rabbitmq {Host}:{Port} (management {ManagementPort}, {_dataDirectory})";

    private string PidFile => Path.Combine(_dataDirectory, "rabbitmq.pid");

    private string ConsoleLog => Path.Combine(_dataDirectory, "log", "console.log");

    // The node name only has to be unique per data directory; the host part is "localhost" because the
    // machine's hostname does not reliably resolve.
    private string NodeName => $"rp{(uint)StableHash(_dataDirectory):x8}@localhost";

    private async Task StartCoreAsync(CancellationToken ct)
    {
        // A broker left over by a killed earlier run at this directory holds the mnesia lock: remove it.
        await ProcessTable.KillMarkedAsync(_dataDirectory, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        TryDelete(PidFile);
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "log"));
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "rabbitmq.conf"), $"""
            # Written by ResumePair.LocalInfrastructure on every start.
            management.tcp.ip = {Host}
            management.tcp.port = {ManagementPort}
            log.file.level = info
            log.console = false
            {(_network.IsLoopback ? "" : "# Listening on a network (ServerNetwork): the guest user may connect from it.\nloopback_users = none")}
            """, ct).ConfigureAwait(false);
        // What `rabbitmq-plugins enable --offline rabbitmq_management` writes, without booting an Erlang VM for it;
        // the plugin's dependencies are resolved by the node at boot.
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "enabled_plugins"), "[rabbitmq_management].\n", ct).ConfigureAwait(false);

        // setsid -f: the broker gets its own session, so a Ctrl+C meant for the launcher does not reach it.
        var (file, arguments) = _network.Wrap("setsid",
            ["-f", "/bin/sh", "-c", "exec \"$0\" >>\"$1\" 2>&1 </dev/null", Path.Combine(Binaries.RabbitMqSbin, "rabbitmq-server"), ConsoleLog]);
        var start = await CommandRunner.RunAsync(file, arguments, Environment(), TimeSpan.FromSeconds(30), _dataDirectory, ct).ConfigureAwait(false);
        if (!start.Succeeded) throw new InvalidOperationException($"Could not launch rabbitmq-server: {start.Output}");
        _running = true;

        try
        {
            await WaitUntilReadyAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await KillAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Ready = the AMQP listener answers the protocol header with connection.start, and management listens.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        var sawProcess = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var marked = ProcessTable.Marked(_dataDirectory);
            sawProcess |= marked.Count > 0;
            if (sawProcess && marked.Count == 0)
                throw new InvalidOperationException($"RabbitMQ exited during start ({this}):\n{Logs()}");
            if (await AmqpAnswersAsync(ct).ConfigureAwait(false) && await FreePorts.IsListeningAsync(System.Net.IPAddress.Parse(Host), ManagementPort, ct).ConfigureAwait(false))
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"RabbitMQ not ready after {ReadyTimeout.TotalSeconds:0} s ({this}):\n{Logs()}");
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    private async Task<bool> AmqpAnswersAsync(CancellationToken ct)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await client.ConnectAsync(Host, Port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var frame = new byte[1];
            var read = await stream.ReadAsync(frame, timeout.Token).ConfigureAwait(false);
            return read == 1 && frame[0] == 1; // a METHOD frame: connection.start
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private Dictionary<string, string> Environment() => new()
    {
        [ProcessTable.MarkerVariable] = _dataDirectory,
        // The Erlang cookie lives in HOME; server and CLI tools must share it, other brokers must not.
        ["HOME"] = _dataDirectory,
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = Host,
        ["RABBITMQ_NODE_PORT"] = Port.ToString(),
        // Unset, the distribution port is node port + 20000, which fails above 65535.
        ["RABBITMQ_DIST_PORT"] = _distPort.ToString(),
        ["ERL_EPMD_PORT"] = _epmdPort.ToString(),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_dataDirectory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(_dataDirectory, "log"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_dataDirectory, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_dataDirectory, "advanced.config"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_dataDirectory, "rabbitmq-env.conf"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_dataDirectory, "enabled_plugins"),
        ["RABBITMQ_PID_FILE"] = PidFile,
    };

    private int? BeamPid()
    {
        try { return int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) ? pid : null; }
        catch (IOException) { return null; }
    }

    private string Logs()
    {
        var main = Directory.Exists(Path.Combine(_dataDirectory, "log"))
            ? Directory.GetFiles(Path.Combine(_dataDirectory, "log"), "*.log").Where(f => f != ConsoleLog).FirstOrDefault()
            : null;
        return CommandRunner.Tail(ConsoleLog) + (main is null ? "" : "\n" + CommandRunner.Tail(main));
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    private static int StableHash(string text)
    {
        // string.GetHashCode is randomised per process; the node name must be the same on every run.
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619;
            return hash;
        }
    }
}
