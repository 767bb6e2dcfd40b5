using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.PdfRenderer;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Templates;

// Usage: dotnet run -c Release --project bench/PdfRenderer.Bench -- [renders=200] [sequential=40] [soak=0] [rounds=3]
// Same HTML, same /usr/bin/chromium, three printers side by side:
//   ours       — one renderer replica = one Chromium + a page pool sized to the cores (PdfPrinter: set content + print over our
//                own DevTools client on --remote-debugging-pipe, no driver process);
//                "2 replicas" = two such pools with their own Chromium, consuming in parallel (as two processes would);
//   puppeteer  — Node puppeteer-core in its best mode (a pool of reused pages), node/bench.js, kept running and driven
//                over stdin so its runs INTERLEAVE with ours: round i = ours 1 replica, puppeteer, ours 2 replicas (and the
//                latency samples alternate the same way). On a shared, noisy host the per-round ratio is the figure.
//   CLI        — `chromium --headless --print-to-pdf`, one process per PDF.
// CPU per PDF (utime+stime over /proc, split .NET / Chromium, or node / Chromium) says where the time
// goes independently of the load. Peak memory samples PSS of each process tree every 250 ms.
// soak=N: afterwards N renders with recycling, then counts Chromium processes (growth, zombies).
var renders = args.Length > 0 ? int.Parse(args[0]) : 200;
var sequential = args.Length > 1 ? int.Parse(args[1]) : 40;
var soak = args.Length > 2 ? int.Parse(args[2]) : 0;
var rounds = args.Length > 3 ? int.Parse(args[3]) : 3;
// Optional variants of ours, measured in the same rounds: "name=Key:Value,Key:Value;name2=…" (Renderer options).
var variantSpecs = args.Length > 4 ? args[4].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=', 2))
    .Select(v => (Name: v[0], Settings: v[1].Split(',').Select(kv => kv.Split(':', 2)).Select(kv => ($"Renderer:{kv[0]}", kv[1])).ToArray())).ToList() : [];
var cores = Environment.ProcessorCount;
const string Chromium = "/usr/bin/chromium";
var work = Directory.CreateTempSubdirectory("resumepair-bench-").FullName;
string Load() => File.ReadAllText("/proc/loadavg")[..14];

Console.WriteLine($"PdfRenderer benchmark — {cores} cores, load average {Load()}, {renders} renders per throughput run, {sequential} sequential per latency run, {rounds} interleaved rounds");

var pool = 2 * cores; // the renderer's default PoolSize, and puppeteer's pool below: best against best
var replicaA = Replica.Create(Path.Combine(work, "a"), pool);
var html = replicaA.Services.GetRequiredService<DocumentHtmlRenderer>();
var onePage = await html.RenderAsync("ats-single-column", "resume", "b", TemplateSamples.ResumeJson(), "A4", default);
var (threePage, extraJobs) = await ThreePagesAsync(replicaA);
var onePath = Path.Combine(work, "one-page.html");
var threePath = Path.Combine(work, "three-page.html");
await File.WriteAllTextAsync(onePath, onePage);
await File.WriteAllTextAsync(threePath, threePage);
Console.WriteLine($"HTML: one page {onePage.Length / 1024} KB, three pages {threePage.Length / 1024} KB (sample resume + {extraJobs} jobs), template ats-single-column, A4");

await using var puppeteer = await Puppeteer.StartAsync(Chromium, pool);
if (puppeteer is null) Console.WriteLine("puppeteer-core missing: run `npm ci` in bench/PdfRenderer.Bench/node");
using var oursMemory = PeakMemory.Start(Environment.ProcessId, exclude: puppeteer?.Pid);
using var pupMemory = puppeteer is null ? null : PeakMemory.Start(puppeteer.Pid);

// warm-up: launch + every page of both
await Task.WhenAll(Enumerable.Range(0, cores * 3).Select(_ => replicaA.Printer.PrintAsync(onePage, null, default)));
if (puppeteer is not null) await puppeteer.WarmAsync(onePath);
var replicaB = Replica.Create(Path.Combine(work, "b"), pool);
await Task.WhenAll(Enumerable.Range(0, cores * 3).Select(_ => replicaB.Printer.PrintAsync(onePage, null, default)));
var variants = variantSpecs.Select((v, i) => (v.Name, Replica: Replica.Create(Path.Combine(work, $"v{i}"), pool, v.Settings), One: new List<double>(), Pdfs: new List<double>(), CpuMs: new List<Cpu.Split>())).ToList();
foreach (var v in variants) await Task.WhenAll(Enumerable.Range(0, cores * 3).Select(_ => v.Replica.Printer.PrintAsync(onePage, null, default)));

// latency, alternating ours / puppeteer in slices
var ours1 = new List<double>(); var ours3 = new List<double>(); var pup1 = new List<double>(); var pup3 = new List<double>();
var slice = Math.Max(1, sequential / rounds);
for (var r = 0; r < rounds; r++)
{
    ours1.AddRange(await Latency(() => replicaA.Printer.PrintAsync(onePage, null, default), slice));
    foreach (var v in variants) v.One.AddRange(await Latency(() => v.Replica.Printer.PrintAsync(onePage, null, default), slice));
    if (puppeteer is not null) pup1.AddRange(await puppeteer.LatencyAsync(onePath, slice));
    ours3.AddRange(await Latency(() => replicaA.Printer.PrintAsync(threePage, null, default), slice));
    if (puppeteer is not null) pup3.AddRange(await puppeteer.LatencyAsync(threePath, slice));
}

// throughput, interleaved rounds
var t1 = new List<double>(); var t2 = new List<double>(); var tp = new List<double>(); var ratios = new List<double>();
var cpuOurs = new List<Cpu.Split>(); var cpuPup = new List<Cpu.Split>();
for (var r = 0; r < rounds; r++)
{
    var before = Cpu.OursWithoutSampling(puppeteer?.Pid);
    var ours = await Throughput([replicaA], onePage, renders, pool);
    cpuOurs.Add((Cpu.OursWithoutSampling(puppeteer?.Pid) - before) / renders);
    t1.Add(ours);
    if (puppeteer is not null)
    {
        var pb = Cpu.Tree(puppeteer.Pid);
        var pup = renders / await puppeteer.ThroughputAsync(onePath, renders);
        cpuPup.Add((Cpu.Tree(puppeteer.Pid) - pb) / renders);
        tp.Add(pup);
        ratios.Add(ours / pup);
    }
    foreach (var v in variants)
    {
        var vb = Cpu.OursWithoutSampling(puppeteer?.Pid);
        v.Pdfs.Add(await Throughput([v.Replica], onePage, renders, pool));
        v.CpuMs.Add((Cpu.OursWithoutSampling(puppeteer?.Pid) - vb) / renders);
        Console.WriteLine($"round {r + 1}: variant {v.Name} {v.Pdfs[^1]:0.0} PDFs/s{(tp.Count > r ? $", ratio {v.Pdfs[^1] / tp[^1]:0.00}" : "")}");
    }
    t2.Add(await Throughput([replicaA, replicaB], onePage, renders, pool));
    Console.WriteLine($"round {r + 1}: ours {ours:0.0} PDFs/s (1 replica), {t2[^1]:0.0} (2 replicas){(tp.Count > r ? $", puppeteer {tp[^1]:0.0}, ratio {ratios[^1]:0.00}" : "")}; load {Load()}");
}
await replicaB.DisposeAsync();
foreach (var v in variants) await v.Replica.DisposeAsync();
var oursPeak = oursMemory.PeakMb;
var pupPeak = pupMemory?.PeakMb ?? 0;

var results = new List<(string Name, double P50One, double P95One, double P50Three, double P95Three, double Pdfs1, double? Pdfs2, long PeakMb)>
{
    ($"ours (.NET CDP over pipe, pool of {pool} pages)", P(ours1, 0.5), P(ours1, 0.95), P(ours3, 0.5), P(ours3, 0.95), Median(t1), Median(t2), oursPeak),
};
if (puppeteer is not null)
    results.Add(($"puppeteer-core (pool of {pool} pages)", P(pup1, 0.5), P(pup1, 0.95), P(pup3, 0.5), P(pup3, 0.95), Median(tp), null, pupPeak));

// full path of one export minus bus/upload (Razor → HTML → PDF → metadata → checks), for reference
var full = await Latency(() => replicaA.Pdf.RenderAsync("ats-single-column", "resume", "b", TemplateSamples.ResumeJson(), "A4", null, default), sequential);
var perTemplate = new List<string>();
foreach (var t in new TemplateCatalog(TemplateCatalog.BuiltIn()).All)
{
    var l = await Latency(() => replicaA.Pdf.RenderAsync(t.Id, "resume", "b", TemplateSamples.ResumeJson(), "A4", null, default), Math.Max(5, sequential / 4));
    perTemplate.Add($"{t.Id} {P(l, 0.5):0} ms");
}

// chromium --print-to-pdf
{
    var cliRuns = Math.Max(3, sequential / 8);
    async Task<double> Cli(string path) =>
        P(await Latency(async () =>
        {
            var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={Path.Combine(work, "cli-profile")}",
                         $"--print-to-pdf={Path.Combine(work, "cli.pdf")}", "--no-pdf-header-footer", path }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
        }, cliRuns), 0.5);
    var one = await Cli(onePath);
    var three = await Cli(threePath);
    results.Add(("chromium --print-to-pdf (process per PDF)", one, one, three, three, 1000 / one, null, 0));
}

Console.WriteLine();
Console.WriteLine("| printer | 1-page p50 | 1-page p95 | 3-page p50 | 3-page p95 | PDFs/s, 1 replica | PDFs/s, 2 replicas | peak memory (PSS) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var r in results)
    Console.WriteLine($"| {r.Name} | {r.P50One:0} ms | {r.P95One:0} ms | {r.P50Three:0} ms | {r.P95Three:0} ms | {r.Pdfs1:0.0} | {(r.Pdfs2 is { } v ? v.ToString("0.0") : "—")} | {(r.PeakMb > 0 ? $"{r.PeakMb} MB" : "—")} |");
var oursRow = results[0];
if (ratios.Count > 0)
    Console.WriteLine($"throughput ours/puppeteer, same round: {string.Join(" ", ratios.Select(x => x.ToString("0.00")))} → median {Median(ratios):0.00} (1 replica); " +
        $"2 replicas/puppeteer median {Median(t2.Zip(tp, (a, b) => a / b).ToList()):0.00}; 1-page p50 ours/puppeteer {oursRow.P50One / results[1].P50One:0.00}");
Console.WriteLine($"CPU per PDF (median of rounds): ours {Cpu.Median(cpuOurs)}; puppeteer {Cpu.Median(cpuPup)}");
foreach (var v in variants)
    Console.WriteLine($"variant {v.Name}: 1-page p50 {P(v.One, 0.5):0} ms, p95 {P(v.One, 0.95):0} ms; {Median(v.Pdfs):0.0} PDFs/s; ratio vs puppeteer median {Median(v.Pdfs.Zip(tp, (a, b) => a / b).ToList()):0.00}; CPU per PDF {Cpu.Median(v.CpuMs)}");
Console.WriteLine($"full render path (Razor + print + metadata + checks), 1 page: p50 {P(full, 0.5):0} ms, p95 {P(full, 0.95):0} ms; per template p50: {string.Join(", ", perTemplate)}");
Console.WriteLine($"targets: 1-page p50 < 100 ms: {(oursRow.P50One < 100 ? "met" : "NOT met")}; ≥ 25 PDFs/s: {(Math.Max(oursRow.Pdfs1, oursRow.Pdfs2 ?? 0) >= 25 ? "met" : "NOT met")}; ratio ≥ 1.0: {(ratios.Count > 0 && Median(ratios) >= 1 ? "met" : "NOT met")}; load average now {Load()}");

if (soak > 0) await Soak(replicaA, onePage, soak);
await replicaA.DisposeAsync();
try { Directory.Delete(work, true); } catch (IOException) { }

static double P(List<double> xs, double p)
{
    var s = xs.Order().ToList();
    return s[Math.Max(0, (int)Math.Ceiling(p * s.Count) - 1)];
}

static double Median(List<double> xs) => xs.Count == 0 ? double.NaN : P(xs, 0.5);

static async Task<(string Html, int ExtraJobs)> ThreePagesAsync(Replica replica)
{
    var html = replica.Services.GetRequiredService<DocumentHtmlRenderer>();
    for (var extra = 4; extra < 40; extra++)
    {
        var page = await html.RenderAsync("ats-single-column", "resume", "b", TemplateSamples.ResumeJson(extra), "A4", default);
        if (PdfInspector.CountPages(await replica.Printer.PrintAsync(page, null, default)) == 3) return (page, extra);
    }
    throw new InvalidOperationException("no three-page sample");
}

static async Task<List<double>> Latency(Func<Task> render, int count)
{
    var times = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        var sw = Stopwatch.StartNew();
        await render();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    return times;
}

// Each replica consumes like the service: as many renders in flight as it has pages (prefetch = pool).
static async Task<double> Throughput(Replica[] replicas, string html, int renders, int poolSize)
{
    var next = 0;
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(replicas.SelectMany(r => Enumerable.Range(0, poolSize).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) <= renders) await r.Printer.PrintAsync(html, null, default);
    })));
    return renders / sw.Elapsed.TotalSeconds;
}

static async Task Soak(Replica replica, string html, int renders)
{
    var profile = replica.Services.GetRequiredService<ChromiumBrowser>().ProfileDirectory;
    var before = ChromiumProcesses.Find(profile).Count(p => p.State != 'Z');
    var sw = Stopwatch.StartNew();
    await Throughput([replica], html, renders, 2 * Environment.ProcessorCount);
    var pool = replica.Services.GetRequiredService<PagePool>();
    await pool.Recycling;
    await Task.Delay(500);
    var after = ChromiumProcesses.Find(profile);
    Console.WriteLine($"soak: {renders} renders in {sw.Elapsed.TotalSeconds:0} s, {pool.Recycles} recycles; Chromium processes before {before}, after {after.Count(p => p.State != 'Z')}, zombies {after.Count(p => p.State == 'Z')}");
}

/// <summary>One renderer replica's rendering core (no bus): its own Chromium and page pool.</summary>
sealed class Replica(ServiceProvider services) : IAsyncDisposable
{
    public ServiceProvider Services => services;
    public PdfPrinter Printer { get; } = services.GetRequiredService<PdfPrinter>();
    public DocumentPdfRenderer Pdf { get; } = services.GetRequiredService<DocumentPdfRenderer>();

    public static Replica Create(string dataDirectory, int poolSize, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Renderer:PoolSize"] = poolSize.ToString(),
            ["Renderer:DataDirectory"] = dataDirectory,
            ["Renderer:RecycleAfterRenders"] = "1000",
        }.Concat(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))).Build();
        return new Replica(new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPdfRendering(configuration).BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

/// <summary>Samples the PSS of a process and all its descendants (Chromium) and keeps the peak; an excluded subtree
/// (puppeteer's node, a child of this process) is left out. Reading smaps_rollup is not cheap (2–9 ms of kernel time per
/// Chromium process, measured): sampled every 2 s on a thread of its own, whose CPU is taken out of the "host" figure
/// (it would otherwise bill ours with the sampling of both trees) — earlier runs sampled every 250 ms from the thread pool.</summary>
sealed class PeakMemory : IDisposable
{
    private static double _samplersCpuMs;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _sampling;
    private long _peakKb;

    private PeakMemory(int root, int? exclude)
    {
        _sampling = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var before = ThreadCpuMs();
                var kb = ProcTree.Below(root, exclude).Sum(Pss);
                if (kb > _peakKb) _peakKb = kb;
                Add(ThreadCpuMs() - before);
                _stop.Token.WaitHandle.WaitOne(2000);
            }
        }) { IsBackground = true, Name = "peak-memory" };
        _sampling.Start();
    }

    /// <summary>CPU spent by all samplers so far.</summary>
    public static double SamplersCpuMs => Volatile.Read(ref _samplersCpuMs);

    private static void Add(double ms)
    {
        double seen, next;
        do { seen = Volatile.Read(ref _samplersCpuMs); next = seen + ms; } while (Interlocked.CompareExchange(ref _samplersCpuMs, next, seen) != seen);
    }

    private static double ThreadCpuMs()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(f[11]) + long.Parse(f[12])) * 10.0; // USER_HZ
    }

    public static PeakMemory Start(int root, int? exclude = null) => new(root, exclude);
    public long PeakMb => Volatile.Read(ref _peakKb) / 1024;

    private static long Pss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                if (line.StartsWith("Pss:", StringComparison.Ordinal)) return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim());
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.Join();
    }
}

static class ProcTree
{
    public sealed record Proc(int Pid, int Parent, string Comm, long Ticks);

    /// <summary>root and its descendants, minus the subtree of <paramref name="exclude"/>, walked through
    /// /proc/PID/task/TID/children (cheap: no scan of every process on a busy host, so sampling does not skew the figures).</summary>
    public static List<int> Below(int root, int? exclude)
    {
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{tree[i]}/task"))
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        if (int.Parse(child) is var c && c != exclude && !tree.Contains(c)) tree.Add(c);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return tree;
    }

    public static Proc? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            var f = stat[(close + 2)..].Split(' ');
            // fields after ")": state ppid … utime (index 11) stime (12)
            return new Proc(pid, int.Parse(f[1]), stat[(open + 1)..close], long.Parse(f[11]) + long.Parse(f[12]));
        }
        catch (IOException) { return null; }
    }
}

/// <summary>CPU time (user + system) of the printers' processes, in ms, to split the cost of one PDF between them.</summary>
static class Cpu
{
    public sealed record Split(double Host, double Driver, double Chromium)
    {
        public static Split operator -(Split a, Split b) => new(a.Host - b.Host, a.Driver - b.Driver, a.Chromium - b.Chromium);
        public static Split operator /(Split a, int n) => new(a.Host / n, a.Driver / n, a.Chromium / n);
        public double Total => Host + Driver + Chromium;
    }

    private static readonly double MsPerTick = 1000.0 / 100; // USER_HZ

    /// <summary>Ours: this .NET process (host, minus the benchmark's memory sampling, see <see cref="PeakMemory"/>), its
    /// Chromium trees; "driver" is anything else below us (nothing since the renderer talks to Chromium itself; kept so that
    /// a helper process would show up).</summary>
    public static Split OursWithoutSampling(int? exclude)
    {
        var samplers = PeakMemory.SamplersCpuMs;
        var split = Of(Environment.ProcessId, exclude);
        return split with { Host = split.Host - samplers };
    }

    /// <summary>Puppeteer: node (host), no driver, its Chromium tree.</summary>
    public static Split Tree(int node) => Of(node, null);

    private static Split Of(int root, int? exclude)
    {
        var procs = ProcTree.Below(root, exclude).Select(ProcTree.Read).OfType<ProcTree.Proc>().ToList();
        double Sum(IEnumerable<ProcTree.Proc> ps) => ps.Sum(p => p.Ticks) * MsPerTick;
        var chromium = procs.Where(p => p.Comm.StartsWith("chrom", StringComparison.Ordinal)).ToList();
        return new Split(Sum(procs.Where(p => p.Pid == root)), Sum(procs.Where(p => p.Pid != root).Except(chromium)), Sum(chromium));
    }

    public static string Median(List<Split> xs)
    {
        if (xs.Count == 0) return "—";
        var m = xs.OrderBy(x => x.Total).ElementAt((xs.Count - 1) / 2);
        return $"{m.Total:0} ms (host {m.Host:0}, {(m.Driver >= 0.5 ? $"driver {m.Driver:0}, " : "")}Chromium {m.Chromium:0})";
    }
}

/// <summary>node/bench.js kept running: one browser with a pool of pages, driven by JSON lines.</summary>
sealed class Puppeteer : IAsyncDisposable
{
    private readonly Process _node;
    private Puppeteer(Process node) => _node = node;
    public int Pid => _node.Id;

    public static async Task<Puppeteer?> StartAsync(string chromium, int pool)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "node");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "puppeteer-core"))) return null;
        var psi = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { "bench.js", chromium, pool.ToString() }) psi.ArgumentList.Add(a);
        var node = Process.Start(psi)!;
        _ = node.StandardError.ReadToEndAsync();
        var ready = await node.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("puppeteer bench did not start");
        return JsonDocument.Parse(ready).RootElement.TryGetProperty("ready", out _) ? new Puppeteer(node) : null;
    }

    private async Task<JsonElement> Send(object command)
    {
        await _node.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _node.StandardInput.FlushAsync();
        var line = await _node.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("puppeteer bench exited");
        return JsonDocument.Parse(line).RootElement;
    }

    public Task WarmAsync(string file) => Send(new { op = "warm", file });
    public async Task<List<double>> LatencyAsync(string file, int n) =>
        (await Send(new { op = "latency", file, n })).GetProperty("times").EnumerateArray().Select(t => t.GetDouble()).ToList();
    public async Task<double> ThroughputAsync(string file, int n) => (await Send(new { op = "throughput", file, n })).GetProperty("seconds").GetDouble();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _node.StandardInput.WriteLineAsync("""{"op":"quit"}""");
            _node.StandardInput.Close();
        }
        catch (IOException) { }
        if (!_node.WaitForExit(15_000)) _node.Kill(true);
        _node.Dispose();
    }
}
