using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;
using ResumePair.Messaging;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// One LISTEN job_events connection per replica. The jobs table's statement trigger NOTIFYs the ids of the jobs
/// it changed visibly (comma-separated) at commit, wherever it happened (a consumer on another replica, the scheduler),
/// so an SSE client is told whichever replica it is connected to. A notification only says "look again": subscribers
/// re-read the row, so a lost or coalesced notification costs nothing but latency. After a dropped connection every
/// subscriber is woken, because notifications sent while we were away are gone.
/// The engine's claim and completion batches do not notify from the trigger (migration 0011): they commit with
/// <c>jobs.events_after_commit</c> set and <see cref="AnnounceAfterCommit"/> their ids, so their commits never wait
/// on the notify lock behind one another's fsync.
/// </summary>
public sealed class JobEventHub(NpgsqlDataSource db, PostCommitNotifier notifier, ILogger<JobEventHub> logger)
    : BackgroundService
{
    public const string Channel = "job_events";
    /// <summary>
    /// Tells the jobs trigger this transaction announces its changes itself, after its commit: a <c>SELECT</c> list
    /// expression (<see cref="Messaging.TransactionSettings"/>).
    /// </summary>
    public const string AnnouncedAfterCommit = "set_config('jobs.events_after_commit', 'on', true)";
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<bool>, byte>> _subscribers = new();

    /// <summary>
    /// Tells every replica's listeners that these jobs changed. Call after the commit of a transaction that ran
    /// <see cref="AnnouncedAfterCommit"/>; lost if the process dies in between, which SSE streams cover by re-reading
    /// the job at each heartbeat.
    /// </summary>
    public void AnnounceAfterCommit(IEnumerable<Guid> jobIds) => notifier.Notify(Channel, jobIds);

    public Subscription Subscribe(Guid jobId)
    {
        var signal = System.Threading.Channels.Channel.CreateBounded<bool>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }
        );
        _subscribers.GetOrAdd(jobId, _ => new()).TryAdd(signal, 0);
        return new Subscription(signal.Reader, () =>
        {
            if (_subscribers.TryGetValue(jobId, out var set) && set.TryRemove(signal, out _) && set.IsEmpty)
                _subscribers.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<Channel<bool>, byte>>(jobId, set));
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    // The ids a statement (migration 0010) or the notifier changed, comma-separated.
                    foreach (var id in PostCommitNotifier.ParseIds(e.Payload)) Wake(id);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                WakeAll();
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Job events listener lost its connection; reconnecting");
                WakeAll();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException) { }
        }
    }

    private void Wake(Guid jobId)
    {
        if (_subscribers.TryGetValue(jobId, out var set))
            foreach (var signal in set.Keys) signal.Writer.TryWrite(true);
    }

    private void WakeAll()
    {
        foreach (var id in _subscribers.Keys) Wake(id);
    }

    public sealed class Subscription(ChannelReader<bool> signals, Action unsubscribe) : IDisposable
    {
        public ChannelReader<bool> Signals { get; } = signals;
        public void Dispose() => unsubscribe();
    }
}
