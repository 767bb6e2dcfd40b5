using System.Diagnostics;
using System.Net;
using ResumePair.Testing;
using ResumePair.Testing.Topology;

// Usage: dotnet run -c Release --project bench/Topology.Bench -- [exports=20] [renderers=1]
// The launcher must have been built in the same configuration (scripts/run.sh or dotnet build -c Release).
var exports = args.Length > 0 ? int.Parse(args[0]) : 20;
var renderers = args.Length > 1 ? int.Parse(args[1]) : 1;
var dataDirectory = Path.Combine(
    RepositoryPaths.TestDataRoot,
    "..",
    "bench-topology-" + Guid.NewGuid().ToString("N")[..8]
);

Console.WriteLine(
    $"ResumePair topology benchmark: {exports} exports, {renderers} renderer(s), {Environment.ProcessorCount} cores"
);

// Cold: nothing initialised (initdb, broker first boot, migrations). Warm: the same data folder again.
var cold = await RunningTopology.StartAsync(renderers, dataDirectory);
Console.WriteLine($"cold start (fresh data folder → ready): {cold.StartupTime.TotalSeconds:0.0} s");
await cold.DisposeAsync();

await using var topology = await RunningTopology.StartAsync(renderers, dataDirectory);
Console.WriteLine($"warm start (existing data folder → ready): {topology.StartupTime.TotalSeconds:0.0} s");

// Every export renders a document nobody exported before (identical requests reuse the earlier file), and a
// user makes at most 4 (the product allows 5 export requests per minute per user).
var resume = new
{
    profile = new
    {
        name = "Grace Hopper",
        headline = "Rear admiral and computer scientist",
        email = "grace@example.com",
    },
    work = new[]
    {
        new
        {
            company = "US Navy",
            position = "Director, Navy Programming Languages Group",
            startDate = "1967-08",
            highlights = new[] { "Standardised COBOL across the Navy", "Led validation of compilers" },
        },
    },
};
var clients = new List<GatewayClient>();
async Task<(GatewayClient Client, Guid DocumentId)> FreshDocumentAsync(int n)
{
    if (n % 4 == 0)
    {
        var fresh = new GatewayClient(topology.GatewayUrl);
        await fresh.RegisterAsync();
        clients.Add(fresh);
    }
    var client = clients[^1];
    var doc = await client.SendJsonAsync(
        HttpMethod.Post,
        "/api/v1/documents",
        new
        {
            type = "resume",
            title = $"Benchmark resume {n}",
            data = resume,
        },
        HttpStatusCode.Created
    );
    return (client, doc["id"]!.GetValue<Guid>());
}

// Warm-up render so the figures are for a running system, not Chromium's first page.
await ExportAsync(await FreshDocumentAsync(0));
var timings = new List<double>();
for (var i = 1; i <= exports; i++) timings.Add(await ExportAsync(await FreshDocumentAsync(i)));
timings.Sort();
Console.WriteLine(
    $"export request → PDF downloaded, {exports} sequential: median {Percentile(0.5):0} ms, "
        + $"p95 {Percentile(0.95):0} ms, min {timings[0]:0} ms, max {timings[^1]:0} ms"
);

// At rest: let the services settle, then read every process's resident memory.
await Task.Delay(TimeSpan.FromSeconds(10));
Console.WriteLine("memory at rest (RSS):");
var processes = topology.DescendantPids().Select(pid => (pid, cmd: Read($"/proc/{pid}/cmdline").Replace('\0', ' ')))
    .Concat(topology.CommandLinesUsingDataDirectoryWithPids().Select(p => (pid: p.Pid, cmd: p.Command)))
    .DistinctBy(p => p.pid)
    .Select(p => (name: Name(p.cmd), rss: RssMb(p.pid)))
    .Where(p => p.rss > 0)
    .GroupBy(p => p.name)
    .OrderByDescending(g => g.Sum(p => p.rss));
foreach (var group in processes)
    Console.WriteLine(
        $"  {group.Key, -28} {group.Sum(p => p.rss), 7:0} MB  ({group.Count()} "
            + $"process{(group.Count() == 1 ? "" : "es")})"
    );

async Task<double> ExportAsync((GatewayClient Client, Guid DocumentId) target)
{
    var (client, documentId) = target;
    var started = Stopwatch.StartNew();
    var job = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/export/pdf",
        new { documentId, templateId = "ats-single-column", pageSize = "A4" }, HttpStatusCode.Accepted);
    var jobId = job["jobId"]!.GetValue<Guid>();
    while (true)
    {
        var status = (
            await client.SendJsonAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}", null, HttpStatusCode.OK)
        )["status"]!.GetValue<string>();
        if (status == "completed") break;
        if (status is "failed" or "dead_letter" or "cancelled")
            throw new InvalidOperationException($"Export {jobId} ended {status}");
        await Task.Delay(10);
    }
    using var redirect = await client.SendAsync(HttpMethod.Get, $"/api/v1/export/download/{jobId}");
    using var file = await client.SendAsync(HttpMethod.Get, redirect.Headers.Location!.ToString());
    var bytes = await file.Content.ReadAsByteArrayAsync();
    if (file.StatusCode != HttpStatusCode.OK || bytes.Length < 5)
        throw new InvalidOperationException($"Download of {jobId} failed: {file.StatusCode}");
    return started.Elapsed.TotalMilliseconds;
}

foreach (var c in clients) c.Dispose();

double Percentile(double p) => timings[Math.Min(timings.Count - 1, (int)Math.Ceiling(p * timings.Count) - 1)];

static string Read(string path) { try { return File.ReadAllText(path); } catch (IOException) { return ""; } }

static double RssMb(int pid)
{
    var line = Read($"/proc/{pid}/status").Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:"));
    return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
}

static string Name(string cmd) => cmd switch
{
        _ when cmd.Contains("ResumePair.") && cmd.Contains(".dll") => cmd[
            cmd.IndexOf("ResumePair.", StringComparison.Ordinal)..
        ]
            .Split(".dll")[0],
        _ when cmd.Contains("chromium") => "chromium (renderer's browser)",
        _ when cmd.Contains("playwright") || cmd.Contains("/node ") || cmd.Contains("driver/node") =>
            "playwright driver (node)",
        _ when cmd.Contains("postgres") => "postgres",
        _ when cmd.Contains("beam.smp")
                || cmd.Contains("epmd")
                || cmd.Contains("erl_child")
                || cmd.Contains("inet_gethost") => "rabbitmq",
        _ => cmd.Split(' ')[0],
    };
