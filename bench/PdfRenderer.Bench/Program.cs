using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.PdfRenderer;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Templates;

// Usage: dotnet run -c Release --project bench/PdfRenderer.Bench -- [renders=200] [sequential=40] [soak=0]
// Same HTML, same /usr/bin/chromium, three printers side by side:
//   ours       — one renderer replica = one Chromium + a page pool sized to the cores (PdfPrinter: set content + print);
//                "2 replicas" = two such pools with their own Chromium, consuming in parallel (as two processes would);
//   puppeteer  — Node puppeteer-core in its best mode (a pool of reused pages), node/bench.js;
//   CLI        — `chromium --headless --print-to-pdf`, one process per PDF.
// Peak memory samples PSS of the whole process tree (this process or node + driver + Chromium) every 100 ms.
// soak=N: afterwards N renders with recycling, then counts Chromium processes (growth, zombies).
var renders = args.Length > 0 ? int.Parse(args[0]) : 200;
var sequential = args.Length > 1 ? int.Parse(args[1]) : 40;
var soak = args.Length > 2 ? int.Parse(args[2]) : 0;
var cores = Environment.ProcessorCount;
const string Chromium = "/usr/bin/chromium";
var work = Directory.CreateTempSubdirectory("resumepair-bench-").FullName;

Console.WriteLine($"PdfRenderer benchmark — {cores} cores, load average {File.ReadAllText("/proc/loadavg")[..14]}, {renders} renders per throughput run, {sequential} sequential per latency run");

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

var results = new List<(string Name, double P50One, double P95One, double P50Three, double P95Three, double Pdfs1, double? Pdfs2, long PeakMb)>();

// ours
using (var memory = PeakMemory.Start(Environment.ProcessId))
{
    var printer = replicaA.Printer;
    await Task.WhenAll(Enumerable.Range(0, cores * 3).Select(_ => printer.PrintAsync(onePage, null, default))); // launch + warm every page
    var one = await Latency(() => printer.PrintAsync(onePage, null, default), sequential);
    var three = await Latency(() => printer.PrintAsync(threePage, null, default), sequential);
    var single = await Throughput([replicaA], onePage, renders, pool);
    var replicaB = Replica.Create(Path.Combine(work, "b"), pool);
    await Task.WhenAll(Enumerable.Range(0, cores * 3).Select(_ => replicaB.Printer.PrintAsync(onePage, null, default)));
    var two = await Throughput([replicaA, replicaB], onePage, renders, pool);
    await replicaB.DisposeAsync();
    results.Add(($"ours (Playwright .NET, pool of {pool} pages)", one.P50, one.P95, three.P50, three.P95, single, two, memory.PeakMb));
}

// full path of one export minus bus/upload (Razor → HTML → PDF → metadata → checks), for reference
var full = await Latency(() => replicaA.Pdf.RenderAsync("ats-single-column", "resume", "b", TemplateSamples.ResumeJson(), "A4", null, default), sequential);
var perTemplate = new List<string>();
foreach (var t in new TemplateCatalog(TemplateCatalog.BuiltIn()).All)
{
    var l = await Latency(() => replicaA.Pdf.RenderAsync(t.Id, "resume", "b", TemplateSamples.ResumeJson(), "A4", null, default), Math.Max(5, sequential / 4));
    perTemplate.Add($"{t.Id} {l.P50:0} ms");
}

// puppeteer-core
var nodeDir = Path.Combine(AppContext.BaseDirectory, "node");
if (Directory.Exists(Path.Combine(nodeDir, "node_modules", "puppeteer-core")))
{
    var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = nodeDir };
    foreach (var a in new[] { "bench.js", Chromium, onePath, threePath, sequential.ToString(), renders.ToString(), pool.ToString() }) psi.ArgumentList.Add(a);
    using var node = Process.Start(psi)!;
    using var memory = PeakMemory.Start(node.Id);
    var stdout = await node.StandardOutput.ReadToEndAsync();
    var stderr = await node.StandardError.ReadToEndAsync();
    await node.WaitForExitAsync();
    if (node.ExitCode == 0)
    {
        var r = JsonDocument.Parse(stdout).RootElement;
        double D(string a, string b) => r.GetProperty(a).GetProperty(b).GetDouble();
        results.Add(($"puppeteer-core (pool of {pool} pages)", D("one", "p50"), D("one", "p95"), D("three", "p50"), D("three", "p95"), r.GetProperty("pdfsPerSecond").GetDouble(), null, memory.PeakMb));
    }
    else Console.WriteLine($"puppeteer-core failed: {stderr}");
}
else Console.WriteLine($"puppeteer-core missing: run `npm ci` in bench/PdfRenderer.Bench/node (looked in {nodeDir})");

// chromium --print-to-pdf
{
    var cliRuns = Math.Max(3, sequential / 8);
    async Task<double> Cli(string path) =>
        (await Latency(async () =>
        {
            var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={Path.Combine(work, "cli-profile")}",
                         $"--print-to-pdf={Path.Combine(work, "cli.pdf")}", "--no-pdf-header-footer", path }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
        }, cliRuns)).P50;
    long peak;
    double one, three;
    using (var memory = PeakMemory.Start(Environment.ProcessId, excludeSelf: true))
    {
        one = await Cli(onePath);
        three = await Cli(threePath);
        peak = memory.PeakMb;
    }
    results.Add(("chromium --print-to-pdf (process per PDF)", one, one, three, three, 1000 / one, null, peak));
}

Console.WriteLine();
Console.WriteLine("| printer | 1-page p50 | 1-page p95 | 3-page p50 | 3-page p95 | PDFs/s, 1 replica | PDFs/s, 2 replicas | peak memory (PSS) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var r in results)
    Console.WriteLine($"| {r.Name} | {r.P50One:0} ms | {r.P95One:0} ms | {r.P50Three:0} ms | {r.P95Three:0} ms | {r.Pdfs1:0.0} | {(r.Pdfs2 is { } v ? v.ToString("0.0") : "—")} | {r.PeakMb} MB |");
var ours = results[0];
if (results.FirstOrDefault(r => r.Name.StartsWith("puppeteer")) is { Name: not null } pup)
    Console.WriteLine($"throughput ours/puppeteer: {ours.Pdfs1 / pup.Pdfs1:0.00} (1 replica), {ours.Pdfs2 / pup.Pdfs1:0.00} (2 replicas); 1-page p50 ours/puppeteer {ours.P50One / pup.P50One:0.00}");
Console.WriteLine($"full render path (Razor + print + metadata + checks), 1 page: p50 {full.P50:0} ms, p95 {full.P95:0} ms; per template p50: {string.Join(", ", perTemplate)}");
Console.WriteLine($"targets: 1-page p50 < 100 ms: {(ours.P50One < 100 ? "met" : "NOT met")}; ≥ 25 PDFs/s: {(Math.Max(ours.Pdfs1, ours.Pdfs2 ?? 0) >= 25 ? "met" : "NOT met")}; load average now {File.ReadAllText("/proc/loadavg")[..14]}");

if (soak > 0) await Soak(replicaA, onePage, soak);
await replicaA.DisposeAsync();
try { Directory.Delete(work, true); } catch (IOException) { }

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

static async Task<(double P50, double P95)> Latency(Func<Task> render, int count)
{
    var times = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        var sw = Stopwatch.StartNew();
        await render();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return (times[(int)Math.Ceiling(0.5 * count) - 1], times[(int)Math.Ceiling(0.95 * count) - 1]);
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

    public static Replica Create(string dataDirectory, int poolSize)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Renderer:PoolSize"] = poolSize.ToString(),
            ["Renderer:DataDirectory"] = dataDirectory,
            ["Renderer:RecycleAfterRenders"] = "1000",
        }).Build();
        return new Replica(new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPdfRendering(configuration).BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

/// <summary>Samples the PSS of a process and all its descendants (driver, Chromium) and keeps the peak.</summary>
sealed class PeakMemory : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakKb;

    private PeakMemory(int root, bool excludeSelf) => _sampling = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            var kb = Tree(root).Where(p => !excludeSelf || p != root).Sum(Pss);
            if (kb > _peakKb) _peakKb = kb;
            try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { }
        }
    });

    public static PeakMemory Start(int root, bool excludeSelf = false) => new(root, excludeSelf);
    public long PeakMb => Volatile.Read(ref _peakKb) / 1024;

    private static List<int> Tree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
            }
            catch (IOException) { }
        }
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++) tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        return tree;
    }

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
        _sampling.Wait();
    }
}
