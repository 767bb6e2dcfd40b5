using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.Messaging.Outbox;

/// <summary>
/// The engine's leg instruments (<see cref="EngineMetrics"/>, <see cref="OutboxMetrics"/>), collected in-process while a
/// phase runs, printed as p50/p95/p99 per leg in the order a job travels. The legs are measured separately (each by the
/// component that sees both ends), so their percentiles do not add up exactly to the end-to-end figure.
/// </summary>
internal sealed class Legs : IDisposable
{
    private static readonly (string Instrument, string? Committer, string Label)[] Order =
    [
        (EngineMetrics.EnqueueDuration, null, "enqueue statement + durable commit"),
        (OutboxMetrics.PickupDelay, null, "row created → its publish starts (commit, hand-over or claim)"),
        (OutboxMetrics.PublishDuration, null, "publish → broker confirm (per message)"),
        (EngineMetrics.DeliveryDelay, null, "published → consume starts (broker, prefetch)"),
        (EngineMetrics.CommitWait, "job claims", "start claim: queued → its batch starts (= started_at)"),
        (EngineMetrics.CommitDuration, "job claims", "start claim batch: UPDATE + async commit (per batch)"),
        (EngineMetrics.CommitWait, "job completions", "completion: queued → its batch starts"),
        (EngineMetrics.CommitDuration, "job completions", "completion batch: durable commit (per batch)"),
    ];

    private readonly MeterListener _listener = new();
    private ConcurrentDictionary<(string, string?), ConcurrentQueue<double>> _values = new();

    public Legs()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Order.Any(o => o.Instrument == instrument.Name)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            string? committer = null;
            foreach (var tag in tags)
                if (tag.Key == "committer") committer = tag.Value as string;
            _values.GetOrAdd((instrument.Name, committer), _ => new()).Enqueue(value);
        });
        _listener.Start();
    }

    public void Reset() => _values = new();

    public void Print()
    {
        Console.WriteLine("  legs, ms (p50 / p95 / p99, count):");
        foreach (var (instrument, committer, label) in Order)
        {
            if (!_values.TryGetValue((instrument, committer), out var queue) || queue.IsEmpty) continue;
            var sorted = queue.ToArray();
            Array.Sort(sorted);
            double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            Console.WriteLine($"    {label,-62} {P(0.5),7:F2} / {P(0.95),7:F2} / {P(0.99),7:F2}  ({sorted.Length:N0})");
        }
    }

    public void Dispose() => _listener.Dispose();
}
