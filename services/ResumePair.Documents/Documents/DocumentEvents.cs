using System.Collections.Concurrent;
using Npgsql;
using ResumePair.Messaging;

namespace ResumePair.Documents.Documents;

/// <summary>
/// Cross-replica change hints for open event streams. Writers call <c>pg_notify</c> in their transaction
/// (delivered only on commit); one connection per replica LISTENs and wakes the streams watching that
/// document. A hint only says "look again": streams read the version from the database, so a hint lost
/// while this listener reconnects costs at most one heartbeat interval, never an update.
/// </summary>
public sealed class DocumentEvents(NpgsqlDataSource db, ILogger<DocumentEvents> logger) : BackgroundService
{
    public const string Channel = "document_events";
    public const string NotifySql = "SELECT pg_notify('" + Channel + "', @id::text)";

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<SemaphoreSlim, byte>> _watchers = new();

    /// <summary>Watch one document: the returned signal is released whenever it may have changed.</summary>
    public Watch Subscribe(Guid documentId)
    {
        var signal = new SemaphoreSlim(0, 1);
        _watchers.GetOrAdd(documentId, _ => new()).TryAdd(signal, 0);
        return new Watch(signal, () =>
        {
            if (_watchers.TryGetValue(documentId, out var set))
            {
                set.TryRemove(signal, out _);
                if (set.IsEmpty)
                    _watchers.TryRemove(
                        new KeyValuePair<Guid, ConcurrentDictionary<SemaphoreSlim, byte>>(documentId, set)
                    );
            }
            signal.Dispose();
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, e) =>
                {
                    // One id from an in-transaction writer (NotifySql), or many from the PostCommitNotifier.
                    foreach (var id in PostCommitNotifier.ParseIds(e.Payload)) Wake(id);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                WakeAll(); // anything may have changed while we were not listening
                while (true) await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                logger.LogWarning(e, "Document change listener lost its connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Wake(Guid documentId)
    {
        if (_watchers.TryGetValue(documentId, out var set))
            foreach (var signal in set.Keys) Release(signal);
    }

    private void WakeAll()
    {
        foreach (var set in _watchers.Values)
            foreach (var signal in set.Keys) Release(signal);
    }

    private static void Release(SemaphoreSlim signal)
    {
        try
        {
            if (signal.CurrentCount == 0) signal.Release();
        }
        catch (Exception e) when (e is SemaphoreFullException or ObjectDisposedException) { }
    }

    public sealed class Watch(SemaphoreSlim signal, Action unsubscribe) : IDisposable
    {
        /// <summary>True when woken by a change hint, false when the timeout passed.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);

        public void Dispose() => unsubscribe();
    }
}
