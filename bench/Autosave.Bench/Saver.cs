using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Autosave.Bench;

public sealed record Session(string Token, Guid DocumentId)
{
    public long Version { get; set; }
    public int Edits { get; set; }
}

/// <param name="Sent">Every save sent in the step, warm-up included (for CPU per save).</param>
/// <param name="Breakdown">Where the measured saves' time went, from the services' <c>Server-Timing</c>
/// entries.</param>
public sealed record Result(
    double Throughput,
    double P50,
    double P95,
    double P99,
    double Max,
    int Errors,
    int Conflicts,
    long Sent,
    string Breakdown
);

/// <summary>
/// One answered save: its latency, how late it was sent (open loop: after its scheduled time, because the previous
/// answer came late or the load generator's own timer and threads were late) and the <c>Server-Timing</c> durations
/// the documents service and (through it) the gateway reported, NaN when absent. The rest is outside the servers:
/// the client's HTTP stack, the network, Kestrel before the pipeline.
/// </summary>
public readonly record struct Sample(double Latency, double SentLate, double Documents, double Gateway)
{
    public double GatewayAdded => Gateway - Documents;
    public double Outside => Latency - SentLate - (double.IsNaN(Gateway) ? Documents : Gateway);
}

public static class Load
{
    /// <summary>Open-loop steps start this long before measuring: connections, JIT, pools and caches settle.</summary>
    public static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);

    /// <summary>The 1-minute load average (the machine is shared: figures are read next to it).</summary>
    public static string Now() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}

/// <summary>Sends autosaves the way the editor does: a merge patch of one field, If-Match with the last ETag.</summary>
public sealed class Saver(HttpClient http, Session[] sessions)
{
    private enum Outcome { Saved, Conflict, Error }

    /// <summary>
    /// <paramref name="users"/> users, each saving every <paramref name="interval"/> (±20 %, random phase). Latencies
    /// are those of saves scheduled after the warm-up and before the end (answer time minus scheduled time); the
    /// achieved rate counts saves answered inside that window.
    /// </summary>
    public async Task<Result> OpenLoopAsync(Uri baseUrl, int users, TimeSpan interval, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var measureFrom = Load.Warmup;
        var end = Load.Warmup + duration;
        var latencies = new List<Sample>[users];
        var errors = 0;
        var conflicts = 0;
        long sent = 0;
        // answers that arrived inside the window: falls below the offered rate once users fall behind
        long completed = 0;
        await Task.WhenAll(
            Enumerable
                .Range(0, users)
                .Select(async user =>
                {
                    var random = new Random(user);
                    var mine = latencies[user] = new List<Sample>(64);
                    var scheduled = interval * random.NextDouble();
                    while (scheduled < end)
                    {
                        var wait = scheduled - clock.Elapsed;
                        if (wait > TimeSpan.Zero)
                            await Task.Delay(wait);
                        var sentLate = (clock.Elapsed - scheduled).TotalMilliseconds;
                        var (outcome, documents, gateway) = await SaveAsync(baseUrl, sessions[user]);
                        Interlocked.Increment(ref sent);
                        var answered = clock.Elapsed;
                        if (outcome == Outcome.Saved && answered >= measureFrom && answered < end)
                            Interlocked.Increment(ref completed);
                        var latency = (answered - scheduled).TotalMilliseconds;
                        if (scheduled >= measureFrom)
                        {
                            if (outcome == Outcome.Saved)
                                mine.Add(new Sample(latency, sentLate, documents, gateway));
                            else if (outcome == Outcome.Conflict)
                                Interlocked.Increment(ref conflicts);
                            else
                                Interlocked.Increment(ref errors);
                        }
                        scheduled += interval * (0.8 + 0.4 * random.NextDouble());
                    }
                })
        );
        return Summarise(latencies, duration.TotalSeconds, errors, conflicts, sent) with
        {
            Throughput = completed / duration.TotalSeconds,
        };
    }

    /// <summary><paramref name="workers"/> workers, each saving again as soon as it has the answer.</summary>
    public async Task<Result> ClosedLoopAsync(Uri baseUrl, int workers, TimeSpan duration)
    {
        var latencies = new List<Sample>[workers];
        var errors = 0;
        var conflicts = 0;
        long sent = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            Enumerable
                .Range(0, workers)
                .Select(async worker =>
                {
                    var mine = latencies[worker] = new List<Sample>(4096);
                    while (clock.Elapsed < duration)
                    {
                        var started = Stopwatch.GetTimestamp();
                        var (outcome, documents, gateway) = await SaveAsync(baseUrl, sessions[worker]);
                        Interlocked.Increment(ref sent);
                        if (outcome == Outcome.Saved)
                            mine.Add(
                                new Sample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0, documents, gateway)
                            );
                        else if (outcome == Outcome.Conflict)
                            Interlocked.Increment(ref conflicts);
                        else
                            Interlocked.Increment(ref errors);
                    }
                })
        );
        return Summarise(latencies, clock.Elapsed.TotalSeconds, errors, conflicts, sent);
    }

    private static Result Summarise(List<Sample>[] latencies, double seconds, int errors, int conflicts, long sent)
    {
        var samples = latencies.SelectMany(l => l).ToArray();
        var all = samples.Select(s => s.Latency).Order().ToArray();
        double P(double[] sorted, double q) =>
            sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        string Part(string name, Func<Sample, double> of)
        {
            var sorted = samples.Select(of).Where(v => !double.IsNaN(v)).Order().ToArray();
            return sorted.Length == 0 ? "" : $"{name} {P(sorted, 0.5):0.0}/{P(sorted, 0.95):0.0}";
        }
        var breakdown = string.Join(
            ", ",
            new[]
            {
                Part("sent late", s => s.SentLate),
                Part("documents", s => s.Documents),
                Part("added by gateway", s => s.GatewayAdded),
                Part("outside the servers", s => s.Outside),
            }.Where(p => p.Length > 0)
        );
        return new Result(
            all.Length / seconds,
            P(all, 0.5),
            P(all, 0.95),
            P(all, 0.99),
            all.Length == 0 ? double.NaN : all[^1],
            errors,
            conflicts,
            sent,
            breakdown
        );
    }

    private int _errorsShown;

    private async Task<(Outcome Outcome, double Documents, double Gateway)> SaveAsync(Uri baseUrl, Session session)
    {
        var summary = $"Draft {session.DocumentId:N}-{session.Edits++}: {new string('x', 200)}";
        using var request = new HttpRequestMessage(
            HttpMethod.Patch,
            new Uri(baseUrl, $"/api/v1/documents/{session.DocumentId}")
        )
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { data = new { profile = new { summary } } }),
                Encoding.UTF8,
                "application/merge-patch+json"
            ),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{session.Version}\"");
        try
        {
            using var response = await http.SendAsync(request);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict)
            {
                session.Version = long.Parse(response.Headers.ETag!.Tag.Trim('"'));
                var timing = response.Headers.TryGetValues("Server-Timing", out var entries) ? entries.ToArray() : [];
                return (
                    response.StatusCode == HttpStatusCode.OK ? Outcome.Saved : Outcome.Conflict,
                    Duration(timing, "documents"),
                    Duration(timing, "gateway")
                );
            }
            if (Interlocked.Increment(ref _errorsShown) <= 3)
                Console.WriteLine($"  {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            if (Interlocked.Increment(ref _errorsShown) <= 3) Console.WriteLine($"  {e.GetType().Name}: {e.Message}");
        }
        return (Outcome.Error, double.NaN, double.NaN);
    }

    /// <summary>The <c>dur</c> of the named <c>Server-Timing</c> entry (<c>name;dur=1.23</c>), NaN when
    /// absent.</summary>
    private static double Duration(string[] headerValues, string name)
    {
        foreach (var entry in headerValues.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
            if (
                entry.StartsWith(name + ";dur=", StringComparison.Ordinal)
                && double.TryParse(
                    entry.AsSpan(name.Length + 5),
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out var ms
                )
            )
                return ms;
        return double.NaN;
    }
}
