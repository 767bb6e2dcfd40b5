namespace ResumePair.LocalInfrastructure.Internal;

/// <summary>
/// Reads /proc. Every infrastructure process we start carries <see cref="MarkerVariable"/> in its
/// environment (it is inherited by postmaster, backends, beam, epmd, erl_child_setup), so
/// "everything left over from this data directory" is found without trusting pid files.
/// </summary>
internal static class ProcessTable
{
    public const string MarkerVariable = "RESUMEPAIR_INFRA_DIR";

    /// <summary>Alive means running: a zombie (killed, not yet reaped by init) counts as gone.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X" or "x");
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }

    public static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return -1; }
    }

    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        AllPids().Where(p => ParentOf(p) == pid).ToList();

    /// <summary>Live processes whose environment has MarkerVariable=<paramref name="dataDirectory"/>.</summary>
    public static IReadOnlyList<int> Marked(string dataDirectory)
    {
        var needle = $"{MarkerVariable}={dataDirectory}";
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var pid in AllPids())
        {
            if (pid == self) continue;
            try
            {
                var environ = File.ReadAllText($"/proc/{pid}/environ");
                if (environ.Split('\0').Contains(needle) && IsAlive(pid)) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>SIGKILLs every marked process and waits until they are gone.</summary>
    public static async Task KillMarkedAsync(string dataDirectory, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var pids = Marked(dataDirectory);
            if (pids.Count == 0) return;
            foreach (var pid in pids) Native.Kill(pid, Native.SIGKILL);
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Processes {string.Join(", ", pids)} of {dataDirectory} survive SIGKILL");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50).ConfigureAwait(false);
        }
        return true;
    }

    private static IEnumerable<int> AllPids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid)) yield return pid;
    }
}
