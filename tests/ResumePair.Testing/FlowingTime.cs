using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;

namespace ResumePair.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> for a whole running service: it also moves with real time (every few
/// milliseconds), so the service's own timers (batch lingers, polls, heartbeats) fire as they would, while the test
/// jumps ahead with <see cref="FakeTimeProvider.Advance"/> and the timers due by then fire at once.
/// A test of one class on its own takes a plain FakeTimeProvider.
/// </summary>
public static class FlowingTime
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private static readonly ConditionalWeakTable<FakeTimeProvider, Timer> Tickers = new();

    public static FakeTimeProvider Start(DateTimeOffset? start = null)
    {
        var time = new FakeTimeProvider(start ?? DefaultStart);
        var gate = new object();
        var last = Stopwatch.GetTimestamp();
        var ticker = new Timer(_ =>
        {
            lock (gate)
            {
                var now = Stopwatch.GetTimestamp();
                time.Advance(Stopwatch.GetElapsedTime(last, now));
                last = now;
            }
        }, null, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(2));
        Tickers.Add(time, ticker);
        return time;
    }
}
