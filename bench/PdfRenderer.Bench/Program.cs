using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.PdfRenderer;
using ResumePair.PdfRenderer.Templates;

// Usage: PdfRenderer.Bench [renders=300] [sequential=60] [soak=0] [rounds=3] [variants] [--before BENCH_DLL] [--recycle
// N] Same HTML, same /usr/bin/chromium, every printer a process of its own, kept running and driven over stdin so that
// their runs INTERLEAVE (round i: each printer in turn, the order rotating every round); on a shared, noisy host the
// same-round ratio is the figure:
//   ours        — a renderer worker (Worker.cs): the service's rendering core, one Chromium and a page pool of
//                 2 × cores, under the service's GC settings (from ResumePair.PdfRenderer.runtimeconfig.json);
//   before      — the same worker built from another checkout (--before: e.g. main before a change), same settings;
//   puppeteer   — Node puppeteer-core in its best mode (a pool of reused pages), node/bench.js;
//   variants    — ours with other settings: "name=Key:Value,Key:Value;name2=…", DOTNET_* keys are environment variables
//                 (GC modes), others Renderer options.
// Per printer: sequential latency (1 and 3 pages), PDFs/s at the pool's concurrency and render times under that load,
// CPU per PDF of its process tree (process / Chromium), peak PSS of the tree (the process's share in brackets), sampled
// each second from this host. soak=N: afterwards N renders on ours and before: Chromium processes before/after,
// zombies, render times while recycling. --recycle N: ours and before recycle their browser every N renders (default
// 1000), in every phase. --probe N: first N renders on each .NET printer with its DevTools messages counted by method
// and the Chromium processes started meanwhile listed (rounds=0 to run only that). --minimal N: N renders of an almost
// empty page per printer and round, CPU per PDF by process type (the floor of one print). --puppeteer-tmp-shm:
// puppeteer-core a second time with its shared memory in /tmp (--disable-dev-shm-usage), as every printer had it before
// 2026-12-07 session 9.
var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
if (args.FirstOrDefault() == "--worker")
{
    await Worker.RunAsync(args);
    return;
}
var renders = positional.Length > 0 ? int.Parse(positional[0]) : 300;
var sequential = positional.Length > 1 ? int.Parse(positional[1]) : 60;
var soak = positional.Length > 2 ? int.Parse(positional[2]) : 0;
var rounds = positional.Length > 3 ? int.Parse(positional[3]) : 3;
var variantSpecs = positional.Length > 4 ? positional[4] : "";
var beforeDll = args.SkipWhile(a => a != "--before").Skip(1).FirstOrDefault();
var recycle = args.SkipWhile(a => a != "--recycle").Skip(1).FirstOrDefault() ?? "1000";
var probe = int.Parse(args.SkipWhile(a => a != "--probe").Skip(1).FirstOrDefault() ?? "0");
string[] recycling = [$"Renderer:RecycleAfterRenders={recycle}"];
const string Chromium = "/usr/bin/chromium";
var cores = Environment.ProcessorCount;
var pool = 2 * cores; // the renderer's default PoolSize, and puppeteer's pool: best against best
var work = Directory.CreateTempSubdirectory("resumepair-bench-").FullName;
string Load() => File.ReadAllText("/proc/loadavg")[..14];

Console.WriteLine(
    $"PdfRenderer benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {cores} cores, load average {Load()}, "
        + $"{renders} renders per "
        + $"throughput run, {sequential} sequential per latency run, {rounds} interleaved rounds"
);

var configuration = new ConfigurationBuilder().Build();
var html = new ServiceCollection()
    .AddSingleton<IConfiguration>(configuration)
    .AddPdfRendering(configuration)
    .BuildServiceProvider()
    .GetRequiredService<DocumentHtmlRenderer>();
var onePath = Path.Combine(work, "one-page.html");
await File.WriteAllTextAsync(
    onePath,
    await html.RenderAsync("ats-single-column", "resume", "b", TemplateSamples.ResumeJson(), "A4", default)
);

var serviceGc = ServiceGcEnvironment();
Console.WriteLine(
    $"worker GC settings (the service's runtimeconfig): {string.Join(" ", serviceGc.Select(e => $"{e.Key}={e.Value}"))}"
);
var printers = new List<Printer>();
async Task Add(Task<Printer?> starting)
{
    if (await starting is { } p)
    {
        await p.WarmAsync(onePath);
        printers.Add(p);
    }
}
await Add(Printer.WorkerAsync("ours", null, Path.Combine(work, "ours"), pool, recycling, serviceGc));
if (beforeDll is not null)
    await Add(Printer.WorkerAsync("before", beforeDll, Path.Combine(work, "before"), pool, recycling, serviceGc));
await Add(Printer.PuppeteerAsync(Chromium, pool));
if (args.Contains("--puppeteer-tmp-shm"))
    await Add(Printer.PuppeteerAsync(Chromium, pool, "puppeteer-tmp-shm", "--disable-dev-shm-usage"));
foreach (var (spec, i) in variantSpecs.Split(';', StringSplitOptions.RemoveEmptyEntries).Select((s, i) => (s, i)))
{
    var name = spec.Split('=', 2)[0];
    var items = spec.Split('=', 2)[1].Split(',').Select(kv => kv.Split(':', 2)).ToList();
    var environment = serviceGc
        .Where(e => items.All(i => i[0] != e.Key))
        .Concat(items.Where(i => i[0].StartsWith("DOTNET_")).Select(i => (i[0], i[1])));
    var settings = recycling.Concat(
        items.Where(i => !i[0].StartsWith("DOTNET_")).Select(i => $"Renderer:{i[0]}={i[1]}")
    );
    await Add(Printer.WorkerAsync(name, null, Path.Combine(work, $"v{i}"), pool, settings, environment));
}
var ours = printers[0];
var puppeteer = printers.FirstOrDefault(p => p.Name == "puppeteer-core");
if (puppeteer is null) Console.WriteLine("puppeteer-core missing: run `npm ci` in bench/PdfRenderer.Bench/node");

var (threePath, extraJobs) = await ThreePagesAsync();
Console.WriteLine(
    $"HTML: ats-single-column, A4; one page {new FileInfo(onePath).Length / 1024} KB, "
        + $"three pages {new FileInfo(threePath).Length / 1024} KB "
        + $"(sample resume + {extraJobs} jobs); printers: {string.Join(", ", printers.Select(p => p.Name))}"
);
foreach (var p in printers) await p.WarmAsync(threePath);
foreach (var p in printers) p.Memory.Reset();

if (probe > 0)
    foreach (var p in printers.Where(p => p.Name != "before" && !p.Name.StartsWith("puppeteer",
        StringComparison.Ordinal)))
        Console.WriteLine($"probe {p.Name}: {await p.ProbeAsync(onePath, probe)}");

var slice = Math.Max(1, sequential / Math.Max(1, rounds));
for (var r = 0; r < rounds; r++)
    foreach (var p in Rotated(r))
    {
        p.One.AddRange(await p.LatencyAsync(onePath, slice));
        p.Three.AddRange(await p.LatencyAsync(threePath, slice));
    }

for (var r = 0; r < rounds; r++)
{
    foreach (var p in Rotated(r)) await p.ThroughputAsync(onePath, renders);
    Console.WriteLine(
        $"round {r + 1}: {string.Join(", ", printers.Select(p => $"{p.Name} {p.Rates[^1]:0.0}" +
            (puppeteer is null || p == puppeteer ? "" : $" ({p.Rates[^1] / puppeteer.Rates[^1]:0.00})")))} PDFs/s; "
            + $"load {Load()}"
    );
}

Console.WriteLine();
Console.WriteLine(
    "| printer | 1-page p50 / p95 | 3-page p50 / p95 | under load p50 / p95 / max | PDFs/s (rounds) "
        + "| same-round ratio vs puppeteer → median | CPU per PDF | peak PSS (process) |"
);
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var p in printers)
{
    var ratios = puppeteer is null || p == puppeteer ? null : p.Rates.Zip(puppeteer.Rates, (a, b) => a / b).ToList();
    Console.WriteLine(
        $"| {p.Name} | {Stats.P(p.One, 0.5):0} / {Stats.P(p.One, 0.95):0} ms | {Stats.P(p.Three, 0.5):0} / "
            + $"{Stats.P(p.Three, 0.95):0} ms | "
            + $"{Stats.P(p.Loaded, 0.5):0} / {Stats.P(p.Loaded, 0.95):0} / {Stats.P(p.Loaded, 1):0} ms | "
            + $"{Stats.Median(p.Rates):0.0} ({string.Join(", ", p.Rates.Select(x => x.ToString("0.0")))}) | "
            + (ratios is null ? "—"
                : $"{string.Join(", ", ratios.Select(x => x.ToString("0.00")))} → **{Stats.Median(ratios):0.00}**")
            + " | "
            + $"{Cpu.Format(Cpu.Median(p.CpuPerPdf))} | {p.Memory.PeakMb} MB ({p.Memory.HostAtPeakMb}) |"
    );
}
foreach (var p in printers)
    Console.WriteLine($"Chromium CPU per PDF by process type, {p.Name} (ms, all throughput runs): "
        + CpuByType.Format(p.CpuByProcessType, p.ThroughputPdfs));
Console.WriteLine(
    "at rest after the runs (PSS, process share): "
        + $"{string.Join(", ", printers.Select(p => $"{p.Name} {p.Memory.LastMb} MB ({p.Memory.LastHostMb})"))}"
);
foreach (var p in printers)
    Console.WriteLine(
        $"Chromium PSS by process type (MB, count), {p.Name}: at the peak {p.Memory.PeakTypes}; "
            + $"at rest {p.Memory.LastTypes}"
    );
if (puppeteer is not null && rounds > 0)
{
    var ratio = Stats.Median(ours.Rates.Zip(puppeteer.Rates, (a, b) => a / b).ToList());
    var cpu = Cpu.Median(ours.CpuPerPdf)!;
    Console.WriteLine(
        $"targets: ratio ≥ 1.2: {Met(ratio >= 1.2)} ({ratio:0.00}); 1-page p95 ≤ puppeteer's: "
            + $"{Met(Stats.P(ours.One, 0.95) <= Stats.P(puppeteer.One, 0.95))}; "
            + $"peak PSS ≤ puppeteer's: {Met(ours.Memory.PeakMb <= puppeteer.Memory.PeakMb)}; "
            + $"Chromium CPU per PDF ≤ 21 ms: {Met(cpu.AllChromium <= 21)} ({cpu.AllChromium:0.0} ms; "
            + $"2 cores at {cpu.Total:0.0} ms per PDF: ceiling {2000 / cpu.Total:0} PDFs/s, "
            + $"ours {Stats.Median(ours.Rates):0.0}); load average now {Load()}"
    );
}

// --minimal N: N renders of an almost empty page on each printer: what a print costs at least in this Chromium (the
// per-print compositor process included), against the resume's cost above.
var minimal = int.Parse(args.SkipWhile(a => a != "--minimal").Skip(1).FirstOrDefault() ?? "0");
if (minimal > 0)
{
    var minimalPath = Path.Combine(work, "minimal.html");
    await File.WriteAllTextAsync(minimalPath,
        "<!DOCTYPE html><title>x</title><style>@page{size:A4;margin:0}</style><p>x");
    for (var r = 0; r < Math.Max(1, rounds); r++)
        foreach (var p in Rotated(r))
        {
            var (rate, cpu, types) = await p.MeasureAsync(minimalPath, minimal);
            Console.WriteLine(
                $"minimal page, round {r + 1}, {p.Name}: {rate:0.0} PDFs/s, CPU per PDF {Cpu.Format(cpu)}; "
                    + "Chromium by type: "
                    + CpuByType.Format(types, minimal)
                    + $"; load {Load()}"
            );
        }
}

if (soak > 0)
    foreach (var p in printers.Where(p => p.Name is "ours" or "before"))
    {
        var s = await p.SoakAsync(onePath, soak);
        var times = s.GetProperty("times").EnumerateArray().Select(t => t.GetDouble()).ToList();
        Console.WriteLine(
            $"soak {p.Name}: {soak} renders in {s.GetProperty("seconds").GetDouble():0} s, "
                + $"{s.GetProperty("recycles").GetInt32()} recycles in all; "
                + $"render p50 / p95 / p99 / max {Stats.P(times, 0.5):0} / {Stats.P(times, 0.95):0} / "
                + $"{Stats.P(times, 0.99):0} / {Stats.P(times, 1):0} ms; "
                + $"Chromium processes before {s.GetProperty("before")}, after {s.GetProperty("after")}, "
                + $"zombies {s.GetProperty("zombies")}"
        );
    }

foreach (var p in printers) await p.DisposeAsync();
try { Directory.Delete(work, true); } catch (IOException) { }

static string Met(bool met) => met ? "met" : "NOT met";

IEnumerable<Printer> Rotated(int round) =>
    printers.Skip(round % printers.Count).Concat(printers.Take(round % printers.Count));

async Task<(string Path, int ExtraJobs)> ThreePagesAsync()
{
    var counts = new List<int>();
    for (var extra = 4; extra < 40; extra++)
    {
        var path = Path.Combine(work, $"three-page-{extra}.html"); // printers keep a file's HTML once read
        await File.WriteAllTextAsync(
            path,
            await html.RenderAsync("ats-single-column", "resume", "b", TemplateSamples.ResumeJson(extra), "A4", default)
        );
        counts.Add(await ours.PagesAsync(path));
        if (counts[^1] == 3) return (path, extra);
    }
    throw new InvalidOperationException($"no three-page sample: {string.Join(" ", counts)}");
}

// The service's GC configuration as environment variables for the workers, so they run the way a deployed replica does.
static List<(string Key, string Value)> ServiceGcEnvironment()
{
    var file = Path.Combine(AppContext.BaseDirectory, "ResumePair.PdfRenderer.runtimeconfig.json");
    var names = new Dictionary<string, string>
    {
        ["System.GC.Server"] = "DOTNET_gcServer",
        ["System.GC.Concurrent"] = "DOTNET_gcConcurrent",
        ["System.GC.ConserveMemory"] = "DOTNET_GCConserveMemory",
        ["System.GC.HeapHardLimit"] = "DOTNET_GCHeapHardLimit",
        ["System.GC.HeapCount"] = "DOTNET_GCHeapCount",
        ["System.GC.DynamicAdaptationMode"] = "DOTNET_GCDynamicAdaptationMode",
    };
    var found = new List<(string, string)>();
    if (!File.Exists(file)) return found;
    foreach (
        var p in JsonDocument
            .Parse(File.ReadAllText(file))
            .RootElement.GetProperty("runtimeOptions")
            .GetProperty("configProperties")
            .EnumerateObject()
    )
        if (names.TryGetValue(p.Name, out var env))
            found.Add(
                (
                    env,
                    p.Value.ValueKind switch
                    {
                        JsonValueKind.True => "1",
                        JsonValueKind.False => "0",
                        JsonValueKind.Number when p.Name == "System.GC.HeapHardLimit" => p
                            .Value.GetInt64()
                            .ToString("X"),
                        _ => p.Value.ToString(),
                    }
                )
            );
    if (found.All(f => f.Item1 != "DOTNET_gcServer")) found.Add(("DOTNET_gcServer", "0"));
    return found;
}
