using System.Collections.Concurrent;

namespace Cluster.Bench;

/// <summary>What the load generator was promised (acknowledged writes, accepted jobs) and every failed attempt, with
/// times.</summary>
public sealed class Ledger
{
    public ConcurrentQueue<(DateTime At, string Kind, string What)> Failures { get; } = new();
    public ConcurrentDictionary<Guid, ConcurrentQueue<(int Edit, int Version)>> AckedEdits { get; } = new();
    public ConcurrentQueue<(Guid JobId, Api Owner, DateTime At)> AcceptedExports { get; } = new();
    public ConcurrentDictionary<string, ConcurrentQueue<double>> LatencyMs { get; } = new();
    public ConcurrentQueue<string> Anomalies { get; } = new();
    private long _rateLimited;
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public void Failed(string kind, Api.Reply reply) =>
        Failures.Enqueue((DateTime.UtcNow, kind, reply.Error ?? ((int)reply.Status).ToString()));

    public void Latency(string kind, double ms) => LatencyMs.GetOrAdd(kind, _ => new()).Enqueue(ms);

    public void Limited() => Interlocked.Increment(ref _rateLimited);

    public int AckedCount => AckedEdits.Values.Sum(q => q.Count);

    /// <summary>Seconds from the fault until the last failed attempt of any kind (0 when nothing failed).</summary>
    public double RecoverySeconds(DateTime fault) =>
        Failures.Where(f => f.At >= fault).Select(f => (f.At - fault).TotalSeconds).DefaultIfEmpty(0).Max();

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? double.NaN
            : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
