using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// The in-process job worker of one replica, after River's producer and graphile-worker's local queue: it claims due
/// jobs of the types this process handles straight from the jobs table (<see cref="JobStore.ClaimAsync"/>: a batch per
/// statement, SKIP LOCKED, so any number of replicas share the table), runs them up to
/// <see cref="ExportOptions.WorkerConcurrency"/> at once with at most one more batch waiting in memory (heartbeated
/// like the running ones), and claims again while there is room and work.
/// It wakes on <c>NOTIFY jobs</c> (enqueues in any replica), on an enqueue in this process (<see cref="Wake"/>, no
/// round trip), when a run ends while work was left behind, and every <see cref="ExportOptions.WorkerPollInterval"/> as
/// the safety net (notifications lost while reconnecting; retries whose next run time has come).
/// One statement per <see cref="ExportOptions.HeartbeatInterval"/> heartbeats every attempt running here.
/// </summary>
public sealed class JobWorker(NpgsqlDataSource db, JobRunner runner, JobHandlerRegistry handlers, JobEventHub events,
    IOptions<ExportOptions> options, TimeProvider time, ILogger<JobWorker> logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private readonly ExportOptions _options = options.Value;
    // Set when the last claim filled all the room there was: more work is probably waiting for room.
    private volatile bool _saturated;
    // Claimed jobs not finished yet (running or waiting for a slot).
    private int _outstanding;

    /// <summary>Jobs are due: claim now (called after an enqueue in this process has committed).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (handlers.Types.Length == 0) return Task.CompletedTask;
        // Loops of the process, not of whoever started the host: no ambient trace.
        using (ExecutionContext.SuppressFlow())
            return Task.WhenAll(
                Task.Run(() => ClaimLoopAsync(stoppingToken), CancellationToken.None),
                Task.Run(() => ListenLoopAsync(stoppingToken), CancellationToken.None),
                Task.Run(() => HeartbeatLoopAsync(stoppingToken), CancellationToken.None));
    }

    private async Task ClaimLoopAsync(CancellationToken stopping)
    {
        var concurrency = _options.WorkerConcurrency;
        var batch = _options.ClaimBatchSize;
        // Running plus waiting in the local queue: one batch beyond the runs, so a claim can be a full batch.
        var capacity = concurrency + batch;
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var runs = new HashSet<Task>();
        while (!stopping.IsCancellationRequested)
        {
            await WaitForWakeAsync(stopping);
            try
            {
                while (!stopping.IsCancellationRequested)
                {
                    var free = capacity - Volatile.Read(ref _outstanding);
                    // Too little room for a worthwhile batch while work is waiting: a finishing run wakes us.
                    if (free <= 0 || (_saturated && free < batch / 4)) break;
                    var limit = Math.Min(free, batch);
                    var started = time.GetUtcNow();
                    var claimed = await JobStore.ClaimAsync(db, handlers.Types, limit, started, stopping);
                    var ended = time.GetUtcNow();
                    EngineMetrics.Claim.Record((ended - started).TotalMilliseconds);
                    _saturated = claimed.Count == limit;
                    if (claimed.Count > 0) events.AnnounceAfterCommit(claimed.Select(j => j.Id));
                    Interlocked.Add(ref _outstanding, claimed.Count);
                    foreach (var job in claimed)
                    {
                        var run = RunAsync(job, started, ended, slots, stopping);
                        lock (runs) runs.Add(run);
                        _ = run.ContinueWith(t => { lock (runs) runs.Remove(t); }, TaskScheduler.Default);
                    }
                    if (!_saturated) break; // the queue is drained for now
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Claiming jobs failed; trying again");
                await Task.Delay(_options.WorkerPollInterval, stopping)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        // Shutdown: the runs' handlers are cancelled and hand their attempts back.
        Task[] remaining;
        lock (runs) remaining = runs.ToArray();
        await Task.WhenAll(remaining);
    }

    private async Task RunAsync(
        ClaimedJob job,
        DateTimeOffset claimStarted,
        DateTimeOffset claimEnded,
        SemaphoreSlim slots,
        CancellationToken stopping
    )
    {
        await Task.Yield(); // the claim loop goes on at once
        try
        {
            await runner.RunAsync(job, claimStarted, claimEnded, slots, stopping);
        }
        catch (Exception e)
        {
            // A database error while failing or releasing the attempt: it stays processing without heartbeat, so rescue
            // hands the job to another attempt.
            logger.LogWarning(
                e,
                "Job {JobId} attempt {Attempt} could not be ended; rescue will retry it",
                job.Id,
                job.Attempt
            );
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
            if (_saturated) Wake();
        }
    }

    private async Task WaitForWakeAsync(CancellationToken stopping)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        poll.CancelAfter(_options.WorkerPollInterval);
        try
        {
            await _wake.Reader.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException)
        {
            // The poll (look anyway), or shutdown (the claim loop sees it and ends).
        }
    }

    private async Task ListenLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stopping);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {JobStore.ReadyChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                Wake(); // jobs enqueued while nobody listened
                while (!stopping.IsCancellationRequested) await connection.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The job worker's listener lost its connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stopping)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(_options.HeartbeatInterval, stopping)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var running = runner.Running;
            if (running.Count == 0 || stopping.IsCancellationRequested) continue;
            try
            {
                var alive = await JobStore.HeartbeatAsync(db, running, time.GetUtcNow(), stopping);
                // Cancelled, rescued or superseded: stop the handler (its result would be ignored anyway). An attempt
                // that finished meanwhile is no longer running and is left alone.
                foreach (var attempt in running.Where(r => !alive.Contains(r))) runner.Abandon(attempt);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // A database blip: the handlers go on; if the silence lasts, rescue hands the jobs to other attempts.
                logger.LogWarning(e, "Heartbeat of {Count} running jobs failed", running.Count);
            }
        }
    }
}
