using System.Runtime.InteropServices;
using ResumePair.PdfRenderer.Rendering;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// Chromium processes that belong to one test's browser, never anyone else's (other engineers and other test
/// collections run Chromium on the same host, in the same test process): the browser process and its descendants, plus
/// any process carrying the browser's profile marker — an orphan re-parented to init is no longer a descendant but
/// still ours.
/// </summary>
public static class ProcessTree
{
    private sealed record Proc(int Pid, int Parent, char State, string CommandLine);

    private static List<Proc> Snapshot()
    {
        var all = new List<Proc>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                all.Add(
                    new Proc(
                        pid,
                        int.Parse(fields[1]),
                        fields[0][0],
                        File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ')
                    )
                );
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return all;
    }

    /// <summary>The browser process of this profile (not a renderer, zygote or crash handler), started by the renderer
    /// itself — a child of this test process. Waits for the browser to be up (the warm-up may still be launching
    /// it).</summary>
    public static async Task<int> BrowserOfAsync(string profileDirectory)
    {
        ChromiumProcesses.Info? browser = null;
        for (var i = 0; i < 200 && browser is null; i++)
        {
            var browsers = ChromiumProcesses
                .Find(profileDirectory)
                .Where(p =>
                    p.State != 'Z'
                    && !p.CommandLine.Contains("--type=", StringComparison.Ordinal)
                    && !p.CommandLine.Contains("crashpad", StringComparison.Ordinal)
                )
                .ToList();
            // More than one for a moment: the /usr/bin/chromium wrapper script forks subshells (same cmdline and
            // environment).
            browser = browsers.Count == 1 ? browsers[0] : null;
            if (browser is null) await Task.Delay(100);
        }
        Assert.NotNull(browser);
        // launched by the renderer in this process, no driver between
        Assert.Contains(browser.Pid, Descendants(Environment.ProcessId));
        return browser.Pid;
    }

    /// <summary>Live (non-zombie) processes below <paramref name="root"/>.</summary>
    public static HashSet<int> Descendants(int root)
    {
        var all = Snapshot();
        var children = all.ToLookup(p => p.Parent);
        var found = new HashSet<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
            foreach (var child in children[pid])
                if (found.Add(child.Pid)) queue.Enqueue(child.Pid);
        var live = all.Where(p => p.State != 'Z').Select(p => p.Pid).ToHashSet();
        found.IntersectWith(live);
        return found;
    }

    /// <summary>Our live Chromium processes: the browser <paramref name="browser"/> if alive, its chromium descendants,
    /// and processes with the profile marker.</summary>
    public static HashSet<int> OurChromium(int browser, string profileDirectory)
    {
        var all = Snapshot().ToDictionary(p => p.Pid);
        var ours = Descendants(browser)
            .Append(browser)
            .Where(pid =>
                all.TryGetValue(pid, out var p)
                && p.State != 'Z'
                && p.CommandLine.Contains("chrom", StringComparison.Ordinal)
            )
            .ToHashSet();
        ours.UnionWith(ChromiumProcesses.Find(profileDirectory).Where(p => p.State != 'Z').Select(p => p.Pid));
        return ours;
    }

    public static async Task<HashSet<int>> WaitUntilNoChromiumAsync(
        int browser,
        string profileDirectory,
        TimeSpan timeout
    )
    {
        var until = DateTime.UtcNow + timeout;
        var left = OurChromium(browser, profileDirectory);
        while (left.Count > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
            left = OurChromium(browser, profileDirectory);
        }
        return left;
    }

    public const int SigStop = 19, SigCont = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Signal(int pid, int signal);
}
