using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResumePair.Testing.Topology;

// Usage: dotnet run -c Release --project bench/Autosave.Bench -- [seconds per step=10] [levels=1,10,50,100,200] [think ms=0]
// think = 0: closed loop, each user saves again as soon as the answer arrives (a stress test: latency then grows
// with the queue). think > 0: each user pauses that long between saves, as a debounced editor does (e.g. 1000).
// The launcher must have been built in the same configuration (dotnet build ResumePair.sln -c Release).
// Each virtual user owns one document and autosaves it (PATCH application/merge-patch+json with If-Match) in a
// closed loop: send, wait for the answer, send the next. Every step runs through the gateway and then directly
// against the documents service, so the ratio is the gateway's share of the latency.
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var levels = (args.Length > 1 ? args[1] : "1,10,50,100,200").Split(',').Select(int.Parse).ToArray();
var users = levels.Max();
var think = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2]) : 0);

Console.WriteLine($"Autosave benchmark: {seconds} s per step, concurrency {string.Join("/", levels)}, {users} users, think time {think.TotalMilliseconds} ms, {Environment.ProcessorCount} cores");
await using var topology = await RunningTopology.StartAsync();
var gateway = topology.GatewayUrl;
var direct = DocumentsUrl(topology) ?? throw new InvalidOperationException("The documents service's URL is not in the launcher's output:\n" + topology.Tail(80));
Console.WriteLine($"gateway {gateway}, documents {direct} (started in {topology.StartupTime.TotalSeconds:0.0} s)");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    Timeout = TimeSpan.FromSeconds(30),
};

// Set-up (not measured): users and documents, created directly so the gateway's registration limits do not apply.
var sessions = new Session[users];
using (var gate = new SemaphoreSlim(8))
    await Task.WhenAll(Enumerable.Range(0, users).Select(async i =>
    {
        await gate.WaitAsync();
        try { sessions[i] = await CreateSessionAsync(i); }
        finally { gate.Release(); }
    }));
Console.WriteLine($"{users} users with a document each");

Console.WriteLine();
Console.WriteLine("concurrency | via     | saves/s | p50 ms | p95 ms | p99 ms | errors | conflicts");
var results = new List<(int Level, string Via, Result Result)>();
foreach (var level in levels)
{
    foreach (var (via, baseUrl) in new[] { ("gateway", gateway), ("direct", direct) })
    {
        await RunAsync(level, baseUrl, TimeSpan.FromSeconds(Math.Min(2, seconds))); // warm-up: connections, JIT, caches
        var result = await RunAsync(level, baseUrl, TimeSpan.FromSeconds(seconds));
        results.Add((level, via, result));
        Console.WriteLine($"{level,11} | {via,-7} | {result.Throughput,7:0} | {result.P50,6:0.0} | {result.P95,6:0.0} | {result.P99,6:0.0} | {result.Errors,6} | {result.Conflicts,9}");
    }
}

Console.WriteLine();
Console.WriteLine("gateway / direct (latency ratio, p50 and p95; throughput ratio)");
foreach (var level in levels)
{
    var g = results.Single(r => r.Level == level && r.Via == "gateway").Result;
    var d = results.Single(r => r.Level == level && r.Via == "direct").Result;
    Console.WriteLine($"  {level,4} users: p50 ×{g.P50 / d.P50:0.00}, p95 ×{g.P95 / d.P95:0.00}, throughput ×{g.Throughput / d.Throughput:0.00}");
}
var top = results.Single(r => r.Level == levels.Max() && r.Via == "gateway").Result;
Console.WriteLine($"target p95 < 20 ms at {levels.Max()} users through the gateway: {(top.P95 < 20 ? "met" : "NOT met")} ({top.P95:0.0} ms)");
return;

async Task<Result> RunAsync(int concurrency, Uri baseUrl, TimeSpan duration)
{
    var latencies = new List<double>[concurrency];
    var errors = 0;
    var conflicts = 0;
    var stop = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var mine = latencies[worker] = new List<double>(4096);
        var session = sessions[worker];
        var n = 0;
        while (stop.Elapsed < duration)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(baseUrl, $"/api/v1/documents/{session.DocumentId}"))
            {
                Content = new StringContent(JsonSerializer.Serialize(new { data = new { profile = new { summary = $"Draft {worker}-{n++}: {new string('x', 200)}" } } }),
                    Encoding.UTF8, "application/merge-patch+json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{session.Version}\"");
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    mine.Add(elapsed);
                    session.Version = long.Parse(response.Headers.ETag!.Tag.Trim('"'));
                }
                else if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref conflicts);
                    session.Version = long.Parse(response.Headers.ETag!.Tag.Trim('"'));
                }
                else
                {
                    if (Interlocked.Increment(ref errors) <= 3) Console.WriteLine($"  {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (Interlocked.Increment(ref errors) <= 3) Console.WriteLine($"  {e.GetType().Name}: {e.Message}");
            }
            if (think > TimeSpan.Zero) await Task.Delay(think);
        }
    }));
    var elapsedSeconds = stop.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
    return new Result(all.Length / elapsedSeconds, P(0.5), P(0.95), P(0.99), errors, conflicts);
}

async Task<Session> CreateSessionAsync(int i)
{
    var register = await http.PostAsJsonAsync(new Uri(direct, "/api/v1/auth/register"),
        new { email = $"bench-{i}-{Guid.NewGuid():N}@example.com", password = "bench-password-1", name = $"Bench {i}" });
    register.EnsureSuccessStatusCode();
    var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(direct, "/api/v1/documents"))
    {
        Content = JsonContent.Create(new
        {
            type = "resume",
            title = $"Bench resume {i}",
            data = new
            {
                profile = new { name = "Grace Hopper", headline = "Computer scientist", email = "grace@example.com", summary = "" },
                work = new[] { new { company = "US Navy", position = "Director", startDate = "1967-08", highlights = new[] { "COBOL", "Compilers" } } },
            },
        }),
    };
    create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var created = await http.SendAsync(create);
    created.EnsureSuccessStatusCode();
    return new Session(token, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()) { Version = 1 };
}

// The launcher prefixes every service line with its name; ASP.NET Core logs "Now listening on: <url>" at start.
static Uri? DocumentsUrl(RunningTopology topology) =>
    topology.LinesOf("documents").Select(l => Regex.Match(l, @"Now listening on: (http://\S+)")).FirstOrDefault(m => m.Success) is { } m
        ? new Uri(m.Groups[1].Value)
        : topology.Lines.Select(l => Regex.Match(l, @"^\W*documents\b.*?(http://127\.0\.0\.1:\d+)")).FirstOrDefault(x => x.Success) is { } row
            ? new Uri(row.Groups[1].Value)
            : null;

sealed record Session(string Token, Guid DocumentId)
{
    public long Version { get; set; }
}

sealed record Result(double Throughput, double P50, double P95, double P99, int Errors, int Conflicts);
