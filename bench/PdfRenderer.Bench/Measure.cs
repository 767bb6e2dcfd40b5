static class Stats
{
    public static double P(List<double> xs, double p)
    {
        if (xs.Count == 0) return double.NaN;
        var s = xs.Order().ToList();
        return s[Math.Max(0, (int)Math.Ceiling(p * s.Count) - 1)];
    }

    public static double Median(List<double> xs) => P(xs, 0.5);
}

static class ProcTree
{
    /// <summary>root and its descendants, walked through /proc/PID/task/TID/children (no scan of every process on a
    /// busy host, so sampling does not skew the figures).</summary>
    public static List<int> Below(int root)
    {
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{tree[i]}/task"))
                foreach (
                    var child in File.ReadAllText(Path.Combine(task, "children"))
                        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                )
                    if (int.Parse(child) is var c && !tree.Contains(c))
                        tree.Add(c);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return tree;
    }

    /// <summary>Command name and CPU ticks (utime + stime) of a process.</summary>
    public static (string Comm, long Ticks)? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            var f = stat[(close + 2)..].Split(' ');
            return (stat[(open + 1)..close], long.Parse(f[11]) + long.Parse(f[12]));
        }
        catch (IOException) { return null; }
    }

    public static long PssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim());
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }
}

/// <summary>CPU time (user + system, ms) of a printer's process tree between two readings: the process itself ("host":
/// .NET or node), its live Chromium processes, "exited" — Chromium processes that ended in between (the per-print
/// compositors, a retired browser's whole tree) — and anything else below it ("other": nothing, since no printer has a
/// driver process).</summary>
static class Cpu
{
    public sealed record Split(double Host, double Other, double Chromium, double Exited)
    {
        public static Split operator /(Split a, int n) => new(a.Host / n, a.Other / n, a.Chromium / n, a.Exited / n);
        public double Total => Host + Other + Chromium + Exited;
        /// <summary>Chromium's CPU, its live processes and the ones that ended.</summary>
        public double AllChromium => Chromium + Exited;
    }

    public static Split Of(Dictionary<string, double> byType)
    {
        var host = byType.GetValueOrDefault("host");
        var other = byType.GetValueOrDefault("other");
        var exited = byType.GetValueOrDefault("exited");
        return new Split(host, other, byType.Values.Sum() - host - other - exited, exited);
    }

    public static Split? Median(List<Split> xs) =>
        xs.Count == 0 ? null : xs.OrderBy(x => x.Total).ElementAt((xs.Count - 1) / 2);

    public static string Format(Split? m) =>
        m is null
            ? "—"
            : $"{m.Total:0.0} ms (host {m.Host:0.0}, {(m.Other >= 0.5 ? $"other {m.Other:0.0}, " : "")}Chromium "
                + $"{m.AllChromium:0.0}"
                + $" = live {m.Chromium:0.0} + exited {m.Exited:0.0})";
}

/// <summary>
/// A reading of every process of a printer's tree: its type, its own CPU and what it collected from the children it
/// reaped (cutime + cstime). <see cref="Between"/> gives the CPU spent between two readings by process type (browser,
/// renderer, zygote, utility by sub-type, "host" for the printer itself, "exited" for processes that ended in between).
/// A process that ends moves its whole life's CPU into its parent's reaped time — for a browser retired by a recycle,
/// its tree's; so "exited" is the growth of the reaped times minus what the processes that ended had already spent at
/// the first reading, and those processes' types lose nothing (they counted until they were gone: no negative
/// renderer CPU after a recycle). Processes are told apart by pid and start time (a pid may be reused).
/// </summary>
sealed class CpuReading
{
    private const double MsPerTick = 1000.0 / 100; // USER_HZ
    private readonly Dictionary<(int Pid, long Start), (string Type, double Own, double Reaped)> _processes = [];

    public static CpuReading Of(int root)
    {
        var reading = new CpuReading();
        foreach (var pid in ProcTree.Below(root))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var comm = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var own = (long.Parse(f[11]) + long.Parse(f[12])) * MsPerTick;
                var reaped = (long.Parse(f[13]) + long.Parse(f[14])) * MsPerTick;
                // Split on spaces too: a process forked from the zygote rewrites its title as one string.
                var type = pid == root ? "host" : !comm.StartsWith("chrom", StringComparison.Ordinal) ? "other"
                    : CpuByType.Type(File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', ' '));
                reading._processes[(pid, long.Parse(f[19]))] = (type, own, reaped);
            }
            catch (IOException) { }
            catch (FormatException) { }
        }
        return reading;
    }

    public static Dictionary<string, double> Between(CpuReading first, CpuReading second)
    {
        var split = new Dictionary<string, double>();
        void Add(string key, double ms) => split[key] = split.GetValueOrDefault(key) + ms;
        foreach (var (key, now) in second._processes)
        {
            var then = first._processes.GetValueOrDefault(key);
            Add(now.Type, now.Own - then.Own);
            Add("exited", now.Reaped - then.Reaped);
        }
        foreach (var (key, then) in first._processes)
            if (!second._processes.ContainsKey(key))
                Add("exited", -then.Own - then.Reaped); // its reaped time moved into its parent's too
        return split;
    }
}

/// <summary>Chromium CPU by process type summed over phases, and its formatting.</summary>
static class CpuByType
{
    public static string Type(string[] args)
    {
        string? Value(string name) =>
            args.FirstOrDefault(a => a.StartsWith(name, StringComparison.Ordinal))?[name.Length..];
        if (args.Length > 0 && args[0].Contains("crashpad", StringComparison.Ordinal)) return "crashpad";
        return Value("--type=") switch
        {
            null => "browser",
            "utility" => "utility " + (Value("--utility-sub-type=") ?? "?").Split('.')[0],
            var type => type,
        };
    }

    public static Dictionary<string, double> Plus(Dictionary<string, double> a, Dictionary<string, double> b) =>
        a.Keys.Union(b.Keys).ToDictionary(k => k, k => a.GetValueOrDefault(k) + b.GetValueOrDefault(k));

    /// <summary>Chromium's share only: without the printer process itself and anything that is not Chromium.</summary>
    public static string Format(Dictionary<string, double> total, int pdfs) => pdfs == 0 ? "—" : string.Join(", ",
        total.Where(kv => kv.Key is not ("host" or "other") && Math.Abs(kv.Value) / pdfs >= 0.05)
            .OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value / pdfs:0.0}"));
}

/// <summary>Samples the PSS of a printer's process tree every second on a thread of its own (in the bench host, so no
/// printer pays for it) and keeps the peak, with the process's own share at that moment (.NET or node heap and code)
/// and the tree's PSS by process type then (which processes make the peak: a second browser during a recycle, per-print
/// compositors, renderers). PSS splits the Chromium binary's shared pages among every tree alive, so a tree sampled
/// while it runs alone looks bigger: <see cref="Reset"/> starts the peak over once all printers are up, and only the
/// measured phases count.</summary>
sealed class PeakMemory : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _sampling;
    private long _peakKb, _hostAtPeakKb, _lastKb, _lastHostKb;
    private string _peakTypes = "", _lastTypes = "";

    private PeakMemory(int root)
    {
        _sampling = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var pids = ProcTree.Below(root);
                var host = ProcTree.PssKb(root);
                var byType = new Dictionary<string, (long Kb, int Count)>();
                foreach (var pid in pids.Skip(1))
                {
                    var kb = ProcTree.PssKb(pid);
                    if (kb == 0)
                        continue;
                    var type = TypeOf(pid);
                    var (sum, count) = byType.GetValueOrDefault(type);
                    byType[type] = (sum + kb, count + 1);
                }
                var total = host + byType.Values.Sum(v => v.Kb);
                var types = string.Join(
                    ", ",
                    byType
                        .OrderByDescending(kv => kv.Value.Kb)
                        .Select(kv =>
                            $"{kv.Key} {kv.Value.Kb / 1024}" + (kv.Value.Count > 1 ? $" ({kv.Value.Count})" : "")
                        )
                );
                if (total > 0)
                {
                    _lastKb = total;
                    _lastHostKb = host;
                    _lastTypes = types;
                }
                if (total > _peakKb)
                {
                    _peakKb = total;
                    _hostAtPeakKb = host;
                    _peakTypes = types;
                }
                _stop.Token.WaitHandle.WaitOne(1000);
            }
        })
        {
            IsBackground = true,
            Name = "peak-memory",
        };
        _sampling.Start();
    }

    private static string TypeOf(int pid)
    {
        try
        {
            return CpuByType.Type(File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', ' '));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public static PeakMemory Start(int root) => new(root);
    public void Reset() => Interlocked.Exchange(ref _peakKb, 0);
    public long PeakMb => Volatile.Read(ref _peakKb) / 1024;
    public long HostAtPeakMb => Volatile.Read(ref _hostAtPeakKb) / 1024;
    public long LastMb => Volatile.Read(ref _lastKb) / 1024;
    public long LastHostMb => Volatile.Read(ref _lastHostKb) / 1024;

    /// <summary>Chromium's PSS (MB) by process type at the peak and at the last sample, e.g. "renderer 120 (4),
    /// …".</summary>
    public string PeakTypes => Volatile.Read(ref _peakTypes);
    public string LastTypes => Volatile.Read(ref _lastTypes);

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.Join();
    }
}
