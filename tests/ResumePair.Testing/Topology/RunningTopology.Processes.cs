namespace ResumePair.Testing.Topology;

public sealed partial class RunningTopology
{
    /// <summary>Command lines of every process on the machine that mentions this topology's data folder, with their
    /// descendants.</summary>
    public IReadOnlyList<string> CommandLinesUsingDataDirectory() =>
        CommandLinesUsingDataDirectoryWithPids().Select(p => p.Command).ToList();

    /// <summary>The servers (PostgreSQL, RabbitMQ, epmd) with every process they run.</summary>
    public IReadOnlyList<(int Pid, string Command)> CommandLinesUsingDataDirectoryWithPids()
    {
        var all = Processes();
        var roots = all.Where(p => p.Command.Contains(DataDirectory, StringComparison.Ordinal))
            .Select(p => p.Pid)
            .ToHashSet();
        // Postgres' backends and Erlang's helpers don't repeat the folder on their command line: include their
        // descendants.
        bool added;
        do
        {
            added = false;
            foreach (var p in all.Where(p => !roots.Contains(p.Pid) && roots.Contains(p.Parent)))
                added |= roots.Add(p.Pid);
        } while (added);
        return all.Where(p => roots.Contains(p.Pid)).Select(p => (p.Pid, p.Command)).ToList();
    }

    /// <summary>
    /// Process ids of everything DCP runs for this app (services, `dotnet run` wrappers, servers). DCP detaches from
    /// the test process; its own processes carry this process id (<c>--monitor PID</c>) on their command lines.
    /// </summary>
    public IReadOnlyList<int> DescendantPids()
    {
        var all = Processes();
        var marker = $"--monitor {Environment.ProcessId}";
        var dcp = all.Where(p =>
                p.Command.Contains("/dcp ", StringComparison.Ordinal)
                && p.Command.Contains(marker, StringComparison.Ordinal)
            )
            .Select(p => p.Pid)
            .ToHashSet();
        var result = new HashSet<int>(dcp);
        bool added;
        do
        {
            added = false;
            foreach (var p in all.Where(p => !result.Contains(p.Pid) && result.Contains(p.Parent)))
                added |= result.Add(p.Pid);
        } while (added);
        result.ExceptWith(dcp);
        return result.ToList();
    }

    private static List<(int Pid, string Command, int Parent)> Processes() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1)
            .Where(pid => pid > 0)
            .Select(pid => (Pid: pid, Command: ReadProc(pid, "cmdline").Replace('\0', ' '), Parent: ParentOf(pid)))
            .ToList();

    private static string ReadProc(int pid, string file)
    {
        try { return File.ReadAllText($"/proc/{pid}/{file}"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    private static int ParentOf(int pid)
    {
        var stat = ReadProc(pid, "stat");
        return stat.Length == 0 ? -1 : int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }
}
