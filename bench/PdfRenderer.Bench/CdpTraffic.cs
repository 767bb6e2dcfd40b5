using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// Counts a worker's DevTools messages by direction and method: PuppeteerSharp's connection logs each one at Trace
/// level. Only while <see cref="Counting"/> is on (the probe); otherwise it declines Trace, so the connection does not
/// even format the messages and the measured runs pay nothing. A worker built from a renderer without PuppeteerSharp
/// counts nothing.
/// </summary>
sealed class CdpTraffic : ILoggerProvider, ILogger
{
    public static readonly CdpTraffic Instance = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private long _chars;
    private volatile bool _counting;

    public bool Counting { get => _counting; set => _counting = value; }

    public (Dictionary<string, int> Counts, long Chars) TakeCounts()
    {
        var counts = new Dictionary<string, int>(_counts);
        _counts.Clear();
        return (counts, Interlocked.Exchange(ref _chars, 0));
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("PuppeteerSharp.Cdp.Connection", StringComparison.Ordinal) ? this : NullLogger.Instance;

    public bool IsEnabled(LogLevel logLevel) => _counting && logLevel == LogLevel.Trace;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var text = formatter(state, exception); // "Send ► {json}" or "◀ Receive {json}"
        var json = text.IndexOf('{');
        if (json < 0) return;
        var at = text.IndexOf("\"method\":\"", json, StringComparison.Ordinal);
        // Commands and events name their method first; a response has none (a "method" deep inside is a parameter).
        var method = at >= 0 && at - json < 40 ? text[(at + 10)..text.IndexOf('"', at + 10)] : "(response)";
        var direction = text.StartsWith("Send", StringComparison.Ordinal) ? "→ " : "← ";
        _counts.AddOrUpdate(direction + method, 1, (_, c) => c + 1);
        Interlocked.Add(ref _chars, text.Length - json);
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public void Dispose() { }
}
