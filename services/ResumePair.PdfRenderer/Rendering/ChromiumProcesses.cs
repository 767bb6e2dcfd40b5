namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// Chromium's process tree, found through /proc by the environment every process of a browser inherits: the browser,
/// zygotes, renderers, GPU/utility helpers — orphans too, which a walk down from the browser process would miss.
/// <c>XDG_CONFIG_HOME</c> inside the worker's profile folder marks every browser of the worker; <see cref="BrowserVariable"/>
/// marks one browser (a worker briefly runs two while a recycled one hands over to its replacement).
/// Used to measure memory, to kill a hung browser outright, and by tests to count processes.
/// </summary>
public static class ChromiumProcesses
{
    public const string BrowserVariable = "RESUMEPAIR_CHROMIUM";

    public sealed record Info(int Pid, char State, long PssKb, string CommandLine);

    /// <summary>Every Chromium process of the worker whose profile folder this is.</summary>
    public static List<Info> Find(string profileDirectory) =>
        FindMarked($"XDG_CONFIG_HOME={Path.Combine(profileDirectory, "config")}");

    /// <summary>The processes of one browser (<see cref="BrowserVariable"/> = <paramref name="browserId"/>).</summary>
    public static List<Info> FindBrowser(string browserId) => FindMarked($"{BrowserVariable}={browserId}");

    private static List<Info> FindMarked(string variable)
    {
        var marker = variable + "\0";
        var found = new List<Info>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)];
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (!cmd.Contains("chrom", StringComparison.Ordinal)) continue;
                if (!(File.ReadAllText(Path.Combine(dir, "environ")) + "\0").Contains(marker, StringComparison.Ordinal)) continue;
                found.Add(new Info(pid, state, state == 'Z' ? 0 : Pss(dir), cmd));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Proportional set size: shared pages (the browser's code, fonts) counted once across the tree, unlike RSS.</summary>
    private static long Pss(string procDir)
    {
        foreach (var line in File.ReadLines(Path.Combine(procDir, "smaps_rollup")))
            if (line.StartsWith("Pss:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim());
        return 0;
    }

    public static long MemoryMb(string profileDirectory) => Find(profileDirectory).Sum(p => p.PssKb) / 1024;

    /// <summary>SIGKILLs every live Chromium process of the worker.</summary>
    public static int KillAll(string profileDirectory) => Kill(Find(profileDirectory));

    /// <summary>SIGKILLs every live process of one browser (a hung browser does not answer a polite close).</summary>
    public static int KillBrowser(string browserId) => Kill(FindBrowser(browserId));

    private static int Kill(List<Info> processes)
    {
        var killed = 0;
        foreach (var p in processes.Where(p => p.State != 'Z'))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(p.Pid);
                process.Kill();
                killed++;
            }
            catch (ArgumentException) { } // already gone
            catch (InvalidOperationException) { }
        }
        return killed;
    }
}
