using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Autosave.Bench;
using ResumePair.Testing.Topology;

// Usage: dotnet run -c Release --project bench/Autosave.Bench -- [open s=20] [open users=50,100,200,400]
//        [closed s=10] [closed concurrency=1,10,50,200] [save interval ms=2000] [--env NAME=VALUE ...]
// --env (repeatable) sets an environment variable for the launcher and so for every service: A/B runs of runtime or
// configuration settings (DOTNET_gcServer=0, Logging__LogLevel__X=Warning) without a rebuild.
// (0 seconds skips that model.) The launcher must have been built in the same configuration
// (dotnet build ResumePair.sln -c Release).
//
// Two load models, both PATCH application/merge-patch+json with If-Match, each virtual user on its own document:
// - open loop ("N concurrent autosaving users", the product's load): the editor debounces autosave to ~2 s,
//   so each user saves about every interval (uniform jitter ±20 %) whether or not the server keeps up.
//   Latency runs from the *scheduled* send time, so a slow answer that delays the user's next save counts
//   against that save too (no coordinated omission). A user never has two saves in flight: the next one
//   needs the ETag of the previous answer, as in the editor.
// - closed loop (saturation): each worker sends its next save as soon as the previous answer arrives;
//   saves/s is the ceiling, latency then is mostly queueing.
// Every step runs through the gateway and then directly against the documents service; the ratio is the
// gateway's share, and the services' Server-Timing entries split each save's time (documents, added by the gateway,
// outside both). The load generator runs on the same machine: its CPU is part of what is measured.
// `gateway NAME=DLL ...`: the gateway alone in front of stand-in services (GatewayOnly).
if (args is ["gateway", ..])
{
    await GatewayOnly.RunAsync(args[1..]);
    return;
}

var environment = new Dictionary<string, string>();
var positional = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] != "--env") positional.Add(args[i]);
    else if (i + 1 < args.Length && args[++i].Split('=', 2) is [var name, var value]) environment[name] = value;
    else throw new ArgumentException("--env needs NAME=VALUE");
}
var openSeconds = Arg(0, 20);
var openUsers = Levels(1, "50,100,200,400");
var closedSeconds = Arg(2, 10);
var closedLevels = Levels(3, "1,10,50,200");
var interval = TimeSpan.FromMilliseconds(Arg(4, 2000));
var users = Math.Max(openSeconds > 0 ? openUsers.Max() : 0, closedSeconds > 0 ? closedLevels.Max() : 0);

Console.WriteLine(
    $"Autosave benchmark: {Environment.ProcessorCount} cores, {users} users with a document each; load {Load.Now()}"
);
if (environment.Count > 0)
    Console.WriteLine("environment: " + string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}")));
await using var topology = await RunningTopology.StartAsync(environment: environment);
var gateway = topology.GatewayUrl;
var direct = DocumentsUrl(topology)
    ?? throw new InvalidOperationException(
        "The documents service's URL is not in the launcher's output:\n" + topology.Tail(80)
    );
Console.WriteLine($"gateway {gateway}, documents {direct} (started in {topology.StartupTime.TotalSeconds:0.0} s)");

using var http = new HttpClient(
    new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    }
)
{
    Timeout = TimeSpan.FromSeconds(30),
};
var sessions = await CreateSessionsAsync(users);
var saver = new Saver(http, sessions);
var cpu = new CpuMeter(topology);
Console.WriteLine($"{users} users ready; load {Load.Now()}");

if (openSeconds > 0)
{
    Console.WriteLine();
    Console.WriteLine(
        $"OPEN LOOP: each user saves every {interval.TotalSeconds:0.#} s ±20 % for {openSeconds} s (after "
            + $"{Load.Warmup.TotalSeconds:0} s warm-up); latency from the scheduled send time"
    );
    Console.WriteLine(
        "users | via     | offered/s | achieved/s | p50 ms | p95 ms | p99 ms | max ms | errors | conflicts | load (1 "
            + "min)"
    );
    var open = new List<(int Level, string Via, Result Result)>();
    foreach (var level in openUsers)
        foreach (var (via, baseUrl) in Targets())
        {
            var before = cpu.Snapshot();
            var result = await saver.OpenLoopAsync(baseUrl, level, interval, TimeSpan.FromSeconds(openSeconds));
            open.Add((level, via, result));
        Console.WriteLine(
            $"{level, 5} | {via, -7} | {level / interval.TotalSeconds, 9:0.0} | {result.Throughput, 10:0.0} | "
                + $"{result.P50, 6:0.0} | {result.P95, 6:0.0} | {result.P99, 6:0.0} | {result.Max, 6:0} | "
                + $"{result.Errors, 6} | {result.Conflicts, 9} | {Load.Now()}"
        );
            Console.WriteLine($"      CPU ms per save: {CpuMeter.PerSave(before, cpu.Snapshot(), result.Sent)}");
            Console.WriteLine($"      p50/p95 ms: {result.Breakdown}");
        }
    Ratios(open, openUsers);
    var at200 = open.FirstOrDefault(r => r.Level == 200 && r.Via == "gateway").Result;
    if (at200 is not null)
        Console.WriteLine(
            "target p95 < 20 ms at 200 autosaving users through the gateway (open loop): "
                + $"{(at200.P95 < 20 ? "met" : "NOT met")} ({at200.P95:0.0} ms)"
        );
}

if (closedSeconds > 0)
{
    Console.WriteLine();
    Console.WriteLine(
        $"CLOSED LOOP (saturation): each worker saves again as soon as it has the answer, {closedSeconds} s per step"
    );
    Console.WriteLine("concurrency | via     | saves/s | p50 ms | p95 ms | p99 ms | errors | conflicts | load (1 min)");
    var closed = new List<(int Level, string Via, Result Result)>();
    foreach (var level in closedLevels)
        foreach (var (via, baseUrl) in Targets())
        {
            await saver.ClosedLoopAsync(baseUrl, level, TimeSpan.FromSeconds(Math.Min(2, closedSeconds))); // warm-up
            var before = cpu.Snapshot();
            var result = await saver.ClosedLoopAsync(baseUrl, level, TimeSpan.FromSeconds(closedSeconds));
            closed.Add((level, via, result));
        Console.WriteLine(
            $"{level, 11} | {via, -7} | {result.Throughput, 7:0} | {result.P50, 6:0.0} | {result.P95, 6:0.0} | "
                + $"{result.P99, 6:0.0} | {result.Errors, 6} | {result.Conflicts, 9} | {Load.Now()}"
        );
            Console.WriteLine($"            CPU ms per save: {CpuMeter.PerSave(before, cpu.Snapshot(), result.Sent)}");
            Console.WriteLine($"            p50/p95 ms: {result.Breakdown}");
        }
    Ratios(closed, closedLevels);
}
return;

(string Via, Uri Url)[] Targets() => [("gateway", gateway), ("direct", direct)];

static void Ratios(List<(int Level, string Via, Result Result)> results, int[] levels)
{
    Console.WriteLine("gateway / direct: latency ratio (p50, p95, p99) and throughput ratio");
    foreach (var level in levels)
    {
        var g = results.Single(r => r.Level == level && r.Via == "gateway").Result;
        var d = results.Single(r => r.Level == level && r.Via == "direct").Result;
        Console.WriteLine(
            $"  {level, 4}: p50 ×{g.P50 / d.P50:0.00} (+{g.P50 - d.P50:0.0} ms), p95 ×{g.P95 / d.P95:0.00}, "
                + $"p99 ×{g.P99 / d.P99:0.00}, throughput ×{g.Throughput / d.Throughput:0.00}"
        );
    }
}

int Arg(int i, int fallback) => positional.Count > i ? int.Parse(positional[i]) : fallback;

int[] Levels(int i, string fallback) =>
    (positional.Count > i ? positional[i] : fallback).Split(',').Select(int.Parse).ToArray();

// Set-up (not measured): users and documents, created directly so the gateway's registration limits do not apply.
async Task<Session[]> CreateSessionsAsync(int count)
{
    var created = new Session[count];
    using var gate = new SemaphoreSlim(4);
    await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
    {
        await gate.WaitAsync();
        try { created[i] = await CreateSessionAsync(i); }
        finally { gate.Release(); }
    }));
    return created;
}

async Task<Session> CreateSessionAsync(int i)
{
    var register = await http.PostAsJsonAsync(
        new Uri(direct, "/api/v1/auth/register"),
        new
        {
            email = $"bench-{i}-{Guid.NewGuid():N}@example.com",
            password = "bench-password-1",
            name = $"Bench {i}",
        }
    );
    register.EnsureSuccessStatusCode();
    var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(direct, "/api/v1/documents"))
    {
        Content = JsonContent.Create(
            new
            {
                type = "resume",
                title = $"Bench resume {i}",
                data = new
                {
                    profile = new
                    {
                        name = "Grace Hopper",
                        headline = "Computer scientist",
                        email = "grace@example.com",
                        summary = "",
                    },
                    work = new[]
                    {
                        new
                        {
                            company = "US Navy",
                            position = "Director",
                            startDate = "1967-08",
                            highlights = new[] { "COBOL", "Compilers" },
                        },
                    },
                },
            }
        ),
    };
    create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var response = await http.SendAsync(create);
    response.EnsureSuccessStatusCode();
    return new Session(token, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid())
    {
        Version = 1,
    };
}

// The launcher prefixes every service line with its name; ASP.NET Core logs "Now listening on: <url>" at start.
static Uri? DocumentsUrl(RunningTopology topology) =>
    topology
        .LinesOf("documents")
        .Select(l => Regex.Match(l, @"Now listening on: (http://\S+)"))
        .FirstOrDefault(m => m.Success)
        is { } m
        ? new Uri(m.Groups[1].Value)
    : topology
        .Lines.Select(l => Regex.Match(l, @"^\W*documents\b.*?(http://127\.0\.0\.1:\d+)"))
        .FirstOrDefault(x => x.Success)
        is { } row
        ? new Uri(row.Groups[1].Value)
    : null;
