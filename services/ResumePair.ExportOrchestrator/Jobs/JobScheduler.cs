using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// Every second or so: dispatches retries whose backoff has elapsed, fails attempts that overran their type's
/// run-time limit, and rescues processing jobs whose worker stopped heartbeating. Rows are claimed with SKIP
/// LOCKED, so every replica can run it. The loop's cadence is real time; "now" comes from the TimeProvider.
/// </summary>
public sealed class JobScheduler(
    NpgsqlDataSource db,
    IRemoteJobs remote,
    Engine.JobHandlerRegistry handlers,
    OutboxWriter outbox,
    IOptions<ExportOptions> options,
    TimeProvider time,
    ILogger<JobScheduler> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
                await FailOverdueAsync(stoppingToken);
                await RescueSilentAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Job scheduler pass failed");
            }
            await Task.Delay(options.Value.SchedulerInterval, stoppingToken)
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Dispatches pending attempts of jobs run elsewhere (renders) whose run_after has come. Returns how many.
    /// In-process jobs need no dispatch: the workers claim them from the table once their run_after has come.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var due = await JobStore.LockDueForDispatchAsync(c, tx, handlers.Types, time.GetUtcNow(), 200, ct);
        foreach (var job in due)
        {
            await remote.DispatchAsync(c, tx, job, job.Attempts, ct);
            await JobStore.LogAsync(
                c,
                tx,
                job.Id,
                job.Attempts,
                "info",
                $"Attempt {job.Attempts} dispatched",
                time.GetUtcNow(),
                ct
            );
        }
        await tx.CommitAsync(ct);
        foreach (var job in due)
            logger.LogInformation("Job {JobId} attempt {Attempt} dispatched", job.Id, job.Attempts);
        return due.Count;
    }

    /// <summary>Treats attempts still unfinished past their type's run-time limit (default 15 min) as retryable
    /// failures.</summary>
    public Task<int> FailOverdueAsync(CancellationToken ct)
    {
        var o = options.Value;
        var types = o.Types.Where(t => t.Value.Timeout is not null).ToArray();
        return FailAsync((c, tx, now) => JobStore.LockOverdueAsync(c, tx, types.Select(t => t.Key).ToArray(),
                types.Select(t => t.Value.Timeout!.Value).ToArray(), o.RenderDeadline, now, 100, ct),
            "The attempt did not finish within its run-time limit", ct);
    }

    /// <summary>
    /// A processing job whose heartbeat is older than HeartbeatTimeout lost its worker (killed, partitioned): the
    /// attempt counts as failed and the job goes back to pending for another one.
    /// </summary>
    public Task<int> RescueSilentAsync(CancellationToken ct) =>
        FailAsync((c, tx, now) => JobStore.LockSilentAsync(c, tx, now - options.Value.HeartbeatTimeout, 100, ct),
            "The worker stopped heartbeating", ct);

    private async Task<int> FailAsync(
        Func<NpgsqlConnection, NpgsqlTransaction, DateTimeOffset, Task<List<Job>>> lockJobs,
        string error,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var jobs = await lockJobs(c, tx, now);
        foreach (var job in jobs)
            await JobTransitions.FailAttemptAsync(
                c,
                tx,
                outbox,
                job,
                error,
                retryable: true,
                options.Value,
                now,
                Random.Shared.NextDouble(),
                ct
            );
        await tx.CommitAsync(ct);
        foreach (var job in jobs)
            logger.LogWarning("Job {JobId} attempt {Attempt}: {Error}", job.Id, job.Attempts, error);
        return jobs.Count;
    }
}
