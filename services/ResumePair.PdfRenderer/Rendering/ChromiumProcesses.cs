using System.Runtime.InteropServices;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// Chromium's process tree, found through /proc: the browser, zygotes, renderers, GPU/utility helpers and the
/// per-print compositors — orphans too, which a walk down from the browser process would miss. Two marks, because
/// neither is on every process: the browser (and the shell that starts it) carries the environment variables the
/// launch sets (<c>XDG_CONFIG_HOME</c> inside the worker's profile folder, <see cref="BrowserVariable"/> per browser),
/// but a process forked from a zygote (renderers, utilities) rewrites its title over its environment, so its
/// /proc environ no longer holds them; every child process is passed the browser's <c>--user-data-dir</c>, which is
/// per browser and inside the profile folder. A worker briefly runs two browsers while a recycled one hands over to
/// its replacement. Used to measure memory (recycling by memory), to kill a hung browser outright, and by tests.
/// </summary>
public static class ChromiumProcesses
{
    public const string BrowserVariable = "RESUMEPAIR_CHROMIUM";

    /// <summary>A process; <paramref name="Nice"/> is its main thread's.</summary>
    public sealed record Info(int Pid, char State, long PssKb, string CommandLine, int Nice);

    /// <summary>Every Chromium process of the worker whose profile folder this is (each browser's user data is a
    /// <c>user-data-N</c> folder in it: <see cref="ChromiumBrowser"/>).</summary>
    public static List<Info> Find(string profileDirectory)
    {
        var userData = "--user-data-dir=" + Path.Combine(profileDirectory, "user-data-");
        return FindMarked($"XDG_CONFIG_HOME={Path.Combine(profileDirectory, "config")}",
            arg => arg.StartsWith(userData, StringComparison.Ordinal));
    }

    /// <summary>The processes of one browser (<see cref="BrowserVariable"/> = <paramref name="browserId"/>, its
    /// user-data folder).</summary>
    public static List<Info> FindBrowser(string browserId)
    {
        var userData = "--user-data-dir=" + browserId;
        return FindMarked($"{BrowserVariable}={browserId}", arg => arg == userData);
    }

    private static List<Info> FindMarked(string variable, Func<string, bool> isUserDataArg)
    {
        var marker = variable + "\0";
        var found = new List<Info>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var state = fields[0][0];
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (!cmd.Contains("chrom", StringComparison.Ordinal)) continue;
                // The title of a forked process is one string: its arguments are split on spaces.
                if (!cmd.Split(' ').Any(isUserDataArg) && !IsMarked(dir, marker)) continue;
                found.Add(new Info(pid, state, state == 'Z' ? 0 : Pss(dir), cmd, int.Parse(fields[16])));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    private static bool IsMarked(string procDir, string marker)
    {
        try
        {
            var environment = File.ReadAllText(Path.Combine(procDir, "environ")) + "\0";
            return environment.Contains(marker, StringComparison.Ordinal);
        }
        catch (UnauthorizedAccessException)
        {
            return false; // not dumpable: its command line is the only sign
        }
    }

    /// <summary>Proportional set size: shared pages (the browser's code, fonts) counted once across the tree, unlike
    /// RSS.</summary>
    private static long Pss(string procDir)
    {
        foreach (var line in File.ReadLines(Path.Combine(procDir, "smaps_rollup")))
            if (line.StartsWith("Pss:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim());
        return 0;
    }

    /// <summary>
    /// Puts the renderers of one browser back to normal priority. Chromium lowers the priority of a renderer whose
    /// pages are all hidden (nice 5 on its main thread, where Blink parses, lays out and paints: all of a print's
    /// renderer work) whenever it could raise it again, i.e. when it runs as root; a pooled page is hidden by design
    /// (minimized: no screen image to raster), so every print then queued behind anything else on the host, the
    /// worker, the browser and the per-print compositor included (bench/README.md, 2026-12-07 session 11). Chromium
    /// sets it when a renderer's visibility changes, which a pooled page's never does after it opened; a process not
    /// allowed to raise priority (not root) was never lowered. Returns how many were raised.
    /// </summary>
    public static int RestoreRendererPriority(string browserId)
    {
        var raised = 0;
        foreach (var p in FindBrowser(browserId))
            if (p is { State: not 'Z', Nice: > 0 } && p.CommandLine.Contains("--type=renderer",
                StringComparison.Ordinal)
                && SetPriority(PrioProcess, p.Pid, 0) == 0)
                raised++;
        return raised;
    }

    private const int PrioProcess = 0;

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

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
