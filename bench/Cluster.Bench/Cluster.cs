using System.Diagnostics;
using Npgsql;
using ResumePair.Testing;
using ResumePair.Testing.Servers;
using ResumePair.Testing.Topology;

namespace Cluster.Bench;

/// <summary>
/// The whole product with its PostgreSQL and RabbitMQ owned by the bench (so it can restart or kill them) and
/// the services started by the real launcher, replicated as asked.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly string _root;

    private readonly LocalServers _servers;

    private Cluster(string root, LocalServers servers, RunningTopology topology)
    {
        _root = root;
        _servers = servers;
        Topology = topology;
    }

    public LocalPostgres Postgres => _servers.Postgres!;
    public LocalRabbitMq Rabbit => _servers.RabbitMq!;
    public RunningTopology Topology { get; }
    public IReadOnlyList<Uri> Gateways => Topology.GatewayUrls;

    /// <param name="replicas">Replicas per service, e.g. "documents=2,gateway=2" (the AppHost's Replicas:NAME).</param>
    /// <param name="environment">Settings every service inherits from the launcher (e.g. shorter heartbeats for
    /// drills).</param>
    public static async Task<Cluster> StartAsync(
        int renderers,
        string replicas,
        IReadOnlyDictionary<string, string> environment
    )
    {
        var root = Path.GetFullPath(
            Path.Combine(RepositoryPaths.TestDataRoot, "..", "bench-cluster-" + Guid.NewGuid().ToString("N")[..8])
        );
        // The servers as the AppHost runs them (Aspire resources, in an app of the bench's own, so it can stop and
        // kill them), default durability.
        var servers = await LocalServers.StartAsync(root);
        var postgres = servers.Postgres!;
        var rabbit = servers.RabbitMq!;
        // The AppHost on servers the bench owns (Servers=existing): the databases must exist, migrations still run.
        foreach (var db in new[] { "documentsdb", "exportsdb", "aidb" }) await postgres.CreateDatabaseAsync(db);
        string[] args =
        [
            "--Servers=existing",
            .. new[] { "documentsdb", "exportsdb", "aidb" }.Select(db =>
                $"--ConnectionStrings:{db}={postgres.ConnectionString(db)}"
            ),
            $"--ConnectionStrings:messaging={rabbit.AmqpUri}",
            .. replicas.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => $"--Replicas:{r.Trim()}"),
        ];
        var topology = await RunningTopology.StartAsync(
            renderers,
            Path.Combine(root, "apphost"),
            TimeSpan.FromMinutes(6),
            environment,
            args
        );
        return new Cluster(root, servers, topology);
    }

    public NpgsqlDataSource Database(string name) => NpgsqlDataSource.Create(Postgres.ConnectionString(name));

    /// <summary>Live processes of a service (by its assembly name), oldest first.</summary>
    public IReadOnlyList<int> ProcessesOf(string assembly) =>
        Topology
            .DescendantPids()
            // DCP runs `dotnet run`, which starts the project's own executable (bin/…/ResumePair.X, no .dll).
            .Where(pid =>
                Read($"/proc/{pid}/cmdline").Split('\0')[0] is var exe
                && (
                    exe.EndsWith("/" + assembly, StringComparison.Ordinal)
                    || exe.EndsWith("/" + assembly + ".dll", StringComparison.Ordinal)
                )
            )
            .OrderBy(StartTicks)
            .ToList();

    /// <summary>SIGKILL, as a crashed host or an OOM kill would: no shutdown hooks run. DCP does not restart it.
    /// With <paramref name="port"/>, the replica serving that port (the gateway clients are talking to).</summary>
    public int Kill(string assembly, int? port = null)
    {
        var pid = ProcessesOf(assembly)
            .FirstOrDefault(p =>
                port is null
                || Read($"/proc/{p}/environ")
                    .Split('\0')
                    .Any(v =>
                        v.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal)
                        && v.Contains($":{port}", StringComparison.Ordinal)
                    )
            );
        if (pid == 0) throw new InvalidOperationException($"no running {assembly}");
        Process.GetProcessById(pid).Kill(entireProcessTree: true);
        return pid;
    }

    /// <summary>CPU seconds (user + system) used so far by each group of processes: services by name, postgres,
    /// rabbitmq, chromium.</summary>
    public Dictionary<string, double> CpuSeconds()
    {
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        var result = new Dictionary<string, double>();
        // The services (launcher's descendants), the launcher, and the servers we daemonized: every process whose
        // command line names our folder (postmaster -D …, beam … -home …) with all its descendants (backends).
        var all = AllPids().Select(pid => (Pid: pid, Parent: ParentOf(pid))).ToList();
        var ours = all.Where(p => Read($"/proc/{p.Pid}/cmdline").Contains(_root, StringComparison.Ordinal))
            .Select(p => p.Pid)
            .ToHashSet();
        bool added;
        do
        {
            added = false;
            foreach (var p in all.Where(p => !ours.Contains(p.Pid) && ours.Contains(p.Parent)))
                added |= ours.Add(p.Pid);
        } while (added);
        var pids = ours.Concat(Topology.DescendantPids()).Append(Topology.LauncherPid).Distinct();
        foreach (var pid in pids)
        {
            var stat = Read($"/proc/{pid}/stat");
            if (stat.Length == 0) continue;
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var seconds = (long.Parse(fields[11]) + long.Parse(fields[12])) / ticksPerSecond;
            var group = GroupOf(Read($"/proc/{pid}/cmdline").Replace('\0', ' '));
            result[group] = result.GetValueOrDefault(group) + seconds;
        }
        return result;
    }

    private static string GroupOf(string command) => command switch
    {
            _ when command.Contains("ResumePair.AppHost", StringComparison.Ordinal) => "launcher",
            _ when command.Contains("chrom", StringComparison.OrdinalIgnoreCase) => "chromium",
            _ when command.Contains("playwright", StringComparison.OrdinalIgnoreCase)
                    || command.Contains("node", StringComparison.Ordinal)
                        && command.Contains("driver", StringComparison.Ordinal) => "playwright-driver",
            _ when command.Contains("postgres", StringComparison.Ordinal) => "postgres",
            _ when command.Contains("beam", StringComparison.Ordinal)
                    || command.Contains("rabbit", StringComparison.Ordinal)
                    || command.Contains("epmd", StringComparison.Ordinal) => "rabbitmq",
            _ when command.Contains("ResumePair.")
                    && command.IndexOf("ResumePair.", StringComparison.Ordinal) is var i => command[
                (i + "ResumePair.".Length)..
            ]
                .Split('.', ' ', '/')[0]
                .ToLowerInvariant(),
            _ => "other",
        };

    private static IEnumerable<int> AllPids() =>
        Directory
            .EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    private static int ParentOf(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        return stat.Length == 0 ? -1 : int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }

    private static long StartTicks(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        return stat.Length == 0 ? long.MaxValue : long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19]);
    }

    private static string Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    public async ValueTask DisposeAsync()
    {
        await Topology.DisposeAsync();
        await _servers.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
