using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResumePair.PdfRenderer;
using ResumePair.PdfRenderer.Rendering;

/// <summary>
/// One renderer worker as its own process: the rendering core of the service (AddPdfRendering: one Chromium, a page
/// pool), no bus, driven by the bench over stdin with the same JSON lines as node/bench.js, so its memory (worker +
/// Chromium tree) and CPU are measured like a deployed replica's. This file only uses the renderer's long-standing
/// surface (AddPdfRendering, PdfPrinter.PrintAsync, PagePool, ChromiumBrowser.ProfileDirectory, ChromiumProcesses) so
/// that it also builds against an older renderer (the "before" side of a run: bench/README.md).
/// Usage: PdfRenderer.Bench --worker DATA_DIR POOL [Renderer:Key=Value …]
/// </summary>
static class Worker
{
    public static async Task RunAsync(string[] args)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Renderer:DataDirectory"] = args[1],
            ["Renderer:PoolSize"] = args[2],
            ["Renderer:RecycleAfterRenders"] = "1000",
        };
        foreach (var kv in args.Skip(3).Select(a => a.Split('=', 2))) settings[kv[0]] = kv[1];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddPdfRendering(configuration)
            .AddLogging(b => b.AddProvider(CdpTraffic.Instance).AddFilter<CdpTraffic>("PuppeteerSharp", LogLevel.Trace))
            .BuildServiceProvider();
        var printer = services.GetRequiredService<PdfPrinter>();
        var pool = services.GetRequiredService<PagePool>();
        var profile = services.GetRequiredService<ChromiumBrowser>().ProfileDirectory;
        var concurrency = int.Parse(args[2]);
        var files = new Dictionary<string, string>();
        string Html(JsonElement cmd) => files.TryGetValue(cmd.GetProperty("file").GetString()!, out var h) ? h
            : files[cmd.GetProperty("file").GetString()!] = File.ReadAllText(cmd.GetProperty("file").GetString()!);

        async Task<List<double>> Run(string html, int n, int parallel)
        {
            var times = new List<double>(n);
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= n)
                {
                    var sw = Stopwatch.StartNew();
                    await printer.PrintAsync(html, null, default);
                    lock (times) times.Add(sw.Elapsed.TotalMilliseconds);
                }
            }));
            return times;
        }

        await Run("<!DOCTYPE html><title>start</title><p>start", 1, 1); // launch
        Console.WriteLine(JsonSerializer.Serialize(new { ready = true, pid = Environment.ProcessId }));
        while (Console.ReadLine() is { } line)
        {
            var cmd = JsonDocument.Parse(line).RootElement;
            var op = cmd.GetProperty("op").GetString();
            object reply;
            switch (op)
            {
                case "warm":
                    await Run(Html(cmd), concurrency * 3, concurrency);
                    reply = new { };
                    break;
                case "latency":
                    reply = new { times = await Run(Html(cmd), cmd.GetProperty("n").GetInt32(), 1) };
                    break;
                case "throughput":
                {
                    var sw = Stopwatch.StartNew();
                    var times = await Run(Html(cmd), cmd.GetProperty("n").GetInt32(), concurrency);
                    reply = new { seconds = sw.Elapsed.TotalSeconds, times };
                    break;
                }
                case "pages":
                    reply = new { pages = PdfInspector.CountPages(await printer.PrintAsync(Html(cmd), null, default)) };
                    break;
                case "soak":
                {
                    var before = ChromiumProcesses.Find(profile).Count(p => p.State != 'Z');
                    var sw = Stopwatch.StartNew();
                    var times = await Run(Html(cmd), cmd.GetProperty("n").GetInt32(), concurrency);
                    await pool.Recycling;
                    await Task.Delay(1000);
                    var after = ChromiumProcesses.Find(profile);
                    reply = new
                    {
                        seconds = sw.Elapsed.TotalSeconds, times, recycles = pool.Recycles, before,
                        after = after.Count(p => p.State != 'Z'), zombies = after.Count(p => p.State == 'Z'),
                    };
                    break;
                }
                case "probe":
                    var n = cmd.GetProperty("n").GetInt32();
                    reply = await ProbeAsync(() => Run(Html(cmd), n, concurrency), profile);
                    break;
                default:
                    return; // quit
            }
            Console.WriteLine(JsonSerializer.Serialize(reply));
        }
    }

    /// <summary>Renders with the DevTools traffic counted and Chromium's processes listed every 10 ms: which
    /// processes were started during the renders, and the messages per render. A process that lives for less than
    /// the 10 ms between two listings (the PrintCompositor of each print) can slip through: the CPU of exited
    /// processes (CpuByType) is the reliable sign.</summary>
    private static async Task<object> ProbeAsync(Func<Task<List<double>>> run, string profile)
    {
        static string Type(string commandLine) => commandLine.Split(' ')
            .FirstOrDefault(a => a.StartsWith("--type=", StringComparison.Ordinal))?[7..] ?? "browser";
        var seen = new Dictionary<int, string>();
        var start = ChromiumProcesses.Find(profile).Where(p => p.State != 'Z').Select(p => p.Pid).ToHashSet();
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var p in ChromiumProcesses.Find(profile)) seen.TryAdd(p.Pid, Type(p.CommandLine));
                await Task.Delay(10);
            }
        });
        CdpTraffic.Instance.TakeCounts();
        CdpTraffic.Instance.Counting = true;
        var times = await run();
        CdpTraffic.Instance.Counting = false;
        await stop.CancelAsync();
        await watching;
        var (counts, chars) = CdpTraffic.Instance.TakeCounts();
        var renders = times.Count;
        return new
        {
            renders,
            processesAtStart = start.Count,
            processesStarted = seen.Where(kv => !start.Contains(kv.Key)).GroupBy(kv => kv.Value)
                .ToDictionary(g => g.Key, g => g.Count()),
            messagesPerRender = Math.Round(counts.Values.Sum() / (double)renders, 1),
            kilocharsPerRender = Math.Round(chars / 1024.0 / renders, 1),
            byMethod = counts.OrderByDescending(kv => kv.Value)
                .ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value / (double)renders, 2)),
        };
    }
}
