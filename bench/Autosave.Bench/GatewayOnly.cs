using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Autosave.Bench;

/// <summary>
/// The gateway alone: builds of the gateway (e.g. main's and a branch's) run in turn as real processes in front of an
/// in-process stand-in for every service (answers autosaves at once, serves the signing keys, an empty revocation feed
/// and /health), with the AppHost's run-time settings (OTLP to a port nothing listens on, traces always sampled,
/// metrics every second, inline socket completions). Each round, for each build: start it, 30 s of autosaves to warm
/// it, the measured open-loop step, then 10 s with no requests (its idle CPU: health checks, the revocation feed,
/// telemetry export). Prints CPU ms per request gross and net of the idle cost, context switches per request, latency,
/// and how many connections the forwarded autosaves arrived on. OTLP goes to a port nothing listens on, as in
/// Autosave.Bench's topology (the dashboard off), or with <c>--otlp-sink</c> to a receiver here that accepts every
/// export (as the dashboard or a collector would).
/// Without PostgreSQL, RabbitMQ and the other services the only noise left is the load generator and other work.
/// </summary>
public static class GatewayOnly
{
    // Usage: Autosave.Bench.dll gateway NAME=PATH/ResumePair.Gateway.dll[@KEY=VALUE...] ... [--seconds 30]
    //        [--users 200] [--rounds 2] [--env KEY=VALUE] [--accept-language de] (the web app sends its language)
    public static async Task RunAsync(string[] args)
    {
        var builds = new List<(string Name, string Dll, Dictionary<string, string> Env)>();
        var common = new Dictionary<string, string>();
        int seconds = 30, users = 200, rounds = 2;
        string? language = null;
        var sink = false;
        var threads = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds": seconds = int.Parse(args[++i]); break;
                case "--users": users = int.Parse(args[++i]); break;
                case "--rounds": rounds = int.Parse(args[++i]); break;
                case "--accept-language": language = args[++i]; break;
                case "--otlp-sink": sink = true; break;
                case "--threads": threads = true; break;
                case "--env": var kv = args[++i].Split('=', 2); common[kv[0]] = kv[1]; break;
                default:
                    var parts = args[i].Split('@');
                    var nameDll = parts[0].Split('=', 2);
                    builds.Add((nameDll[0], Path.GetFullPath(nameDll[1]),
                        parts.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1])));
                    break;
            }
        }
        var interval = TimeSpan.FromSeconds(2);
        Console.WriteLine($"Gateway alone: {Environment.ProcessorCount} cores, {users} users saving every 2 s, "
            + $"{seconds} s per step, {rounds} rounds, Accept-Language {language ?? "none"}, OTLP "
            + $"{(sink ? "accepted" : "refused")}; load {Load.Now()}");

        using var rsa = RSA.Create(2048);
        await using var fake = await StartServicesAsync(rsa);
        var fakeUrl = fake.Urls.Single();
        await using var otlp = sink ? await StartOtlpSinkAsync() : null;
        var sessions = Enumerable.Range(0, users)
            .Select(i => new Session(Token(rsa, i), Guid.NewGuid()) { Version = 1 }).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (language is not null) http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var saver = new Saver(http, sessions);

        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? builds : Enumerable.Reverse(builds).ToList();
            foreach (var build in order)
            {
                var port = FreePort();
                var env = new Dictionary<string, string>
                {
                    ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["Internal__Key"] = "gateway-bench",
                    ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
                    ["OTEL_SERVICE_NAME"] = "gateway",
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp?.Urls.Single() ?? $"http://localhost:{FreePort()}",
                    ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
                    ["OTEL_TRACES_SAMPLER"] = "always_on",
                    ["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based",
                    ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
                    ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
                    ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
                    ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
                };
                foreach (var service in new[] { "documents", "export-orchestrator", "ai-proxy", "pdf-renderer" })
                    env[$"services__{service}__http__0"] = fakeUrl;
                foreach (var (k, v) in common) env[k] = v;
                foreach (var (k, v) in build.Env) env[k] = v;
                // Not the gateway's: how the stand-in answers (documents' answers with or without Content-Length).
                SizedAnswers = env.Remove("bench.content-length");
                var line = await MeasureAsync(build.Dll, env, new Uri($"http://127.0.0.1:{port}"), saver, users,
                    interval, seconds, http, threads);
                Console.WriteLine($"round {round + 1} {build.Name,-10} {line}");
            }
        }
    }

    private static async Task<string> MeasureAsync(string dll, Dictionary<string, string> env, Uri url, Saver saver,
        int users, TimeSpan interval, int seconds, HttpClient http, bool threads)
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var gateway = Process.Start(start)!;
        gateway.OutputDataReceived += (_, _) => { };
        gateway.ErrorDataReceived += (_, _) => { };
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            var ready = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var health = await http.GetAsync(new Uri(url, "/health"));
                    if (health.StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException) { }
                if (ready.Elapsed > TimeSpan.FromSeconds(90) || gateway.HasExited)
                    throw new InvalidOperationException($"{dll} did not become healthy");
                await Task.Delay(200);
            }
            await saver.OpenLoopAsync(url, users, interval, TimeSpan.FromSeconds(30)); // JIT, tiering, pools
            var before = Cpu(gateway.Id);
            var threadsBefore = threads ? ThreadTally.Read(gateway.Id) : null;
            Connections.Clear();
            Exports.Clear();
            var load = Load.Now();
            var clock = Stopwatch.StartNew();
            var result = await saver.OpenLoopAsync(url, users, interval, TimeSpan.FromSeconds(seconds));
            var after = Cpu(gateway.Id);
            var threadsAfter = threadsBefore is null ? null : ThreadTally.Read(gateway.Id);
            var byThread = threadsBefore is null
                ? ""
                : ThreadTally.PerRequest(threadsBefore, threadsAfter!, result.Sent);
            var jit = threadsBefore is null ? 0 : ThreadTally.Ms(threadsBefore, threadsAfter!, ".NET Tiered Com");
            var elapsed = clock.Elapsed.TotalSeconds;
            // Idle after the step, not before it: right after the warm-up the tiered JIT is still compiling.
            var idleClock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(10));
            var idlePerSecond = (Cpu(gateway.Id).Ms - after.Ms) / idleClock.Elapsed.TotalSeconds;
            var gross = (after.Ms - before.Ms) / result.Sent;
            var exports = Exports.IsEmpty ? "" : "\n    OTLP received: " + string.Join(", ", Exports.Select(e =>
                $"{e.Key} {e.Value.Calls} calls {e.Value.Bytes / 1024} KiB"));
            var net = (after.Ms - before.Ms - idlePerSecond * elapsed) / result.Sent;
            return string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"CPU ms/request {gross:0.000} gross, {net:0.000} net of idle {idlePerSecond:0.0} ms/s, "
                    + $"{net - jit / result.Sent:0.000} net of idle and tier-up JIT; "
                    + $"switches/request {(double)(after.Switches - before.Switches) / result.Sent:0.00}; "
                    + $"p50/p95/p99 {result.P50:0.0}/{result.P95:0.0}/{result.P99:0.0} ms; {result.Throughput:0.0}/s, "
                    + $"{result.Errors} errors; {Connections.Count} connections to documents; "
                    + $"load {load}->{Load.Now()}{byThread}{exports}"
            );
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
        }
    }

    /// <summary>CPU ms (user + system) and context switches of every thread of the process.</summary>
    private static (double Ms, long Switches) Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ms = (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
        long switches = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                        || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        switches += long.Parse(line.Split(':')[1].Trim());
            }
            catch (IOException) { }
        }
        return (ms, switches);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The connections the stand-in's autosaves arrived on (the gateway's pool to "documents").</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Connections = new();

    /// <summary>
    /// The stand-in's autosave answers carry a Content-Length (one packet) instead of a chunked body (data, then the
    /// last chunk), as documents' did before 2026-12-07: <c>NAME=DLL@bench.content-length=1</c>.
    /// </summary>
    private static bool SizedAnswers;

    /// <summary>Every service the gateway calls, answering at once: keys, revocation feed, health, autosaves.</summary>
    private static async Task<WebApplication> StartServicesAsync(RSA rsa)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var key = rsa.ExportParameters(false);
        app.MapGet("/.well-known/openid-configuration", (HttpContext c) => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = "resumepair",
            ["jwks_uri"] = $"{c.Request.Scheme}://{c.Request.Host}/.well-known/jwks.json",
        }));
        app.MapGet("/.well-known/jwks.json", () => Results.Json(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "bench",
                    ["n"] = Base64Url(key.Modulus!), ["e"] = Base64Url(key.Exponent!),
                },
            },
        }));
        app.MapGet("/internal/v1/sessions/revoked",
            () => Results.Json(new { next = "1", sessions = Array.Empty<Guid>() }));
        app.MapGet("/health", () => "Healthy");
        var version = 1L;
        app.MapMethods("/api/v1/documents/{id:guid}", ["PATCH"], async (HttpContext c, Guid id) =>
        {
            Connections.TryAdd(c.Connection.Id, 0);
            using var body = new MemoryStream();
            await c.Request.Body.CopyToAsync(body);
            var next = Interlocked.Increment(ref version);
            c.Response.Headers.ETag = $"\"{next}\"";
            c.Response.Headers["Server-Timing"] = "documents;dur=0.10";
            var answer = new
            {
                id, type = "resume", title = "Bench resume", version = next, updatedAt = DateTimeOffset.UtcNow,
                template = "classic", language = "en", status = "draft",
            };
            if (!SizedAnswers) return Results.Json(answer);
            var json = JsonSerializer.SerializeToUtf8Bytes(answer, JsonSerializerOptions.Web);
            c.Response.ContentType = "application/json; charset=utf-8";
            c.Response.ContentLength = json.Length;
            await c.Response.Body.WriteAsync(json);
            return Results.Empty;
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>What the OTLP sink received during a step: calls and bytes per service method.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Calls, long Bytes)>
        Exports = new();

    /// <summary>An OTLP/gRPC receiver (HTTP/2 without TLS) that accepts every export with an empty response.</summary>
    private static async Task<WebApplication> StartOtlpSinkAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0,
            o => o.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async c =>
        {
            var counting = new MemoryStream();
            await c.Request.Body.CopyToAsync(counting);
            Exports.AddOrUpdate(c.Request.Path.Value!.Split('.').Last(), (1, counting.Length),
                (_, was) => (was.Calls + 1, was.Bytes + counting.Length));
            c.Response.ContentType = "application/grpc";
            await c.Response.Body.WriteAsync(new byte[5]); // not compressed, length 0: an empty Export*ServiceResponse
            c.Response.AppendTrailer("grpc-status", "0");
        });
        await app.StartAsync();
        return app;
    }

    private static string Token(RSA rsa, int user)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", kid = "bench", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = "resumepair", ["aud"] = "resumepair-api", ["sub"] = Guid.NewGuid().ToString(),
            ["sid"] = Guid.NewGuid().ToString(), ["email"] = $"bench-{user}@example.com", ["role"] = "user",
            ["iat"] = now, ["nbf"] = now - 5, ["exp"] = now + 3600,
        }));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
