using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.PdfRenderer;
using ResumePair.PdfRenderer.Rendering;

/// <summary>
/// One renderer worker as its own process: the rendering core of the service (AddPdfRendering: one Chromium, a page pool),
/// no bus, driven by the bench over stdin with the same JSON lines as node/bench.js, so its memory (worker + Chromium tree)
/// and CPU are measured like a deployed replica's. This file only uses the renderer's long-standing surface
/// (AddPdfRendering, PdfPrinter.PrintAsync, PagePool, ChromiumBrowser.ProfileDirectory, ChromiumProcesses) so that it also
/// builds against an older renderer (the "before" side of a run: bench/README.md).
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
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPdfRendering(configuration)
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
                default:
                    return; // quit
            }
            Console.WriteLine(JsonSerializer.Serialize(reply));
        }
    }
}
