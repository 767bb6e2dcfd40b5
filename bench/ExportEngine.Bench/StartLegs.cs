using System.Collections.Concurrent;
using System.Diagnostics;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ServiceDefaults.Telemetry;

/// <summary>
/// Where one job's enqueue-to-start time goes, job by job, in the latency phase: the enqueue call (statement and
/// durable commit) → the start of the claim that took the job (wake-up) → the end of that claim (its statement) →
/// the handler's start (hand-over). The claim's times come from the engine's own "job claim" span; the rest are
/// taken by the bench. Printed as p50 / p95 / p99 per leg, and the legs' mean among the slowest 5 % of jobs: which leg
/// the p95 is made of.
/// </summary>
internal sealed class StartLegs : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Times> _jobs = new();
    private readonly ActivityListener _listener;
    // Activity times are wall-clock; the bench's are Stopwatch ticks: one offset, taken once, converts.
    private readonly DateTime _wallAtZero = DateTime.UtcNow;
    private readonly long _ticksAtZero = Stopwatch.GetTimestamp();

    public StartLegs()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ResumePairTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.OperationName != "job claim"
                    || !Guid.TryParse(activity.GetTagItem(EngineSpans.JobId) as string, out var id)) return;
                var times = _jobs.GetOrAdd(id, _ => new Times());
                times.ClaimStart = ToTicks(activity.StartTimeUtc);
                times.ClaimEnd = ToTicks(activity.StartTimeUtc + activity.Duration);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private long ToTicks(DateTime utc) => _ticksAtZero + (long)((utc - _wallAtZero).TotalSeconds * Stopwatch.Frequency);

    public void Enqueued(Guid id, long called, long returned)
    {
        var times = _jobs.GetOrAdd(id, _ => new Times());
        times.Called = called;
        times.Returned = returned;
    }

    public void Started(Guid id, long at) => _jobs.GetOrAdd(id, _ => new Times()).Started = at;

    /// <param name="measured">The jobs the latency figures count (the warm-up excluded).</param>
    public void Print(IReadOnlySet<Guid> measured)
    {
        var rows = _jobs.Where(j => measured.Contains(j.Key) && j.Value.Complete).Select(j => j.Value.Legs()).ToList();
        if (rows.Count == 0) return;
        string[] names = ["enqueue call (statement + durable commit)", "call returned → claim start", "claim statement",
            "claim end → handler start", "enqueue-to-start"];
        Console.WriteLine($"  legs of each job (n {rows.Count:N0}), ms p50 / p95 / p99:");
        for (var i = 0; i < names.Length; i++)
        {
            var sorted = rows.Select(r => r[i]).Order().ToArray();
            Console.WriteLine($"    {names[i]}: {At(sorted, 0.5):F2} / {At(sorted, 0.95):F2} / {At(sorted, 0.99):F2}");
        }
        var threshold = At(rows.Select(r => r[^1]).Order().ToArray(), 0.95);
        var slow = rows.Where(r => r[^1] >= threshold).ToList();
        Console.WriteLine($"  the slowest 5 % (≥ {threshold:F2} ms, n {slow.Count}), mean ms: " +
                          string.Join(", ", names.Select((n, i) => $"{n} {slow.Average(r => r[i]):F2}")));
    }

    private static double At(double[] sorted, double q) =>
        sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    public void Dispose() => _listener.Dispose();

    private sealed class Times
    {
        public long Called, Returned, ClaimStart, ClaimEnd, Started;
        public bool Complete => Called != 0 && ClaimStart != 0 && Started != 0;

        public double[] Legs() =>
        [
            Ms(Called, Returned), Ms(Returned, ClaimStart), Ms(ClaimStart, ClaimEnd), Ms(ClaimEnd, Started),
            Ms(Called, Started),
        ];

        private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
    }
}
