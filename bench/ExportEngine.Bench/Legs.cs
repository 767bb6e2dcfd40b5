using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// The engine's own leg instruments (<see cref="EngineMetrics"/>) recorded while a phase runs, printed as p50 / p95:
/// where an in-process job's time goes between enqueue and start (enqueue statement + durable commit, claim
/// statement) and after it (completion batches).
/// </summary>
internal sealed class Legs : IDisposable
{
    private static readonly string[] Names =
    [
        EngineMetrics.EnqueueDuration,
        EngineMetrics.ClaimDuration,
        EngineMetrics.CommitWait,
        EngineMetrics.CommitDuration,
    ];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _samples = new();
    private readonly MeterListener _listener = new();

    public Legs()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Names.Contains(instrument.Name)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var name = instrument.Name;
            foreach (var tag in tags)
                if (tag.Key == "committer") name += $" ({tag.Value})";
            _samples.GetOrAdd(name, _ => new()).Enqueue(value);
        });
        _listener.Start();
    }

    public void Print()
    {
        foreach (var (name, values) in _samples.OrderBy(s => s.Key))
        {
            var sorted = values.Order().ToArray();
            Console.WriteLine(
                $"    {name}: n {sorted.Length:N0}, ms p50 {At(sorted, 0.5):F2}, p95 {At(sorted, 0.95):F2}, "
                    + $"p99 {At(sorted, 0.99):F2}"
            );
        }
    }

    private static double At(double[] sorted, double q) =>
        sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    public void Dispose() => _listener.Dispose();
}
