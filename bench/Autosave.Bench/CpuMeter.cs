using ResumePair.Testing.Topology;

namespace Autosave.Bench;

/// <summary>
/// CPU time (user + system, from /proc) of each part of the running topology, so a step can say what one save
/// costs where: the gateway, the documents service, PostgreSQL (every backend), the launcher (it relays every
/// log line), RabbitMQ and the load generator itself. On a shared machine CPU per save is steadier than latency.
/// </summary>
public sealed class CpuMeter(RunningTopology topology)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static readonly string[] Roles = ["gateway", "documents", "postgres", "rabbitmq", "launcher", "bench"];

    public Dictionary<string, double> Snapshot()
    {
        var pids = topology
            .DescendantPids()
            .Concat(topology.CommandLinesUsingDataDirectoryWithPids().Select(p => p.Pid))
            .Append(Environment.ProcessId)
            .Append(topology.LauncherPid)
            .Distinct();
        var totals = Roles.ToDictionary(r => r, _ => 0.0);
        foreach (var pid in pids)
        {
            var role = RoleOf(pid);
            if (role is not null && Seconds(pid) is { } seconds) totals[role] += seconds;
        }
        return totals;
    }

    /// <summary>Milliseconds of CPU per save, by role, between two snapshots.</summary>
    public static string PerSave(Dictionary<string, double> before, Dictionary<string, double> after, long saves) =>
        saves == 0 ? "-" : string.Join(", ", Roles.Select(r => $"{r} {(after[r] - before[r]) * 1000 / saves:0.00}"));

    private string? RoleOf(int pid)
    {
        if (pid == Environment.ProcessId) return "bench";
        if (pid == topology.LauncherPid) return "launcher";
        var argv = Read(pid, "cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var command = string.Join(' ', argv);
        // Aspire starts each project as `dotnet run`, which execs the project's apphost (bin/.../ResumePair.Gateway):
        // the service is that program, or `dotnet ResumePair.Gateway.dll`; the `dotnet run` wrapper only waits.
        if (IsService(argv, "ResumePair.Gateway")) return "gateway";
        if (IsService(argv, "ResumePair.Documents")) return "documents";
        if (argv.Length > 0 && (argv[0].EndsWith("/dcp", StringComparison.Ordinal) || argv[0].EndsWith("/dcpctrl",
            StringComparison.Ordinal)
            || argv[0].EndsWith("/ResumePair.AppHost", StringComparison.Ordinal))) return "launcher";
        // The Erlang VM and its helpers (found through the data folder on the VM's command line and its children).
        if (
            command.Contains("beam.smp", StringComparison.Ordinal)
            || command.Contains("erl_child_setup", StringComparison.Ordinal)
            || command.Contains("epmd", StringComparison.Ordinal)
            || command.Contains("inet_gethost", StringComparison.Ordinal)
        )
            return "rabbitmq";
        // The postmaster names the data folder; its backends are "postgres: user db client" and are its children.
        return
            command.StartsWith("postgres", StringComparison.Ordinal)
            || command.Contains("/bin/postgres", StringComparison.Ordinal)
            ? "postgres"
            : null;
    }

    private static bool IsService(string[] argv, string name) =>
        argv.Length > 0
        && (
            argv[0].EndsWith("/" + name, StringComparison.Ordinal)
            || argv.Any(a => a.EndsWith(name + ".dll", StringComparison.Ordinal))
        );

    private static double? Seconds(int pid)
    {
        var stat = Read(pid, "stat");
        if (stat.Length == 0) return null;
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond; // utime, stime
    }

    private static string Read(int pid, string file)
    {
        try { return File.ReadAllText($"/proc/{pid}/{file}"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}
