using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// Runs one claimed attempt of an in-process job: the handler under its type's run-time limit, then completion (a
/// batch, <see cref="JobCompletionBatcher"/>) or failure (backoff by the next run time, dead letter), fenced on the
/// attempt. Keeps the attempts it runs, so the worker heartbeats them in one statement and cancels those whose job
/// moved on (cancelled, rescued). At shutdown a handler is cancelled and its attempt handed back, not counted.
/// </summary>
public sealed class JobRunner(NpgsqlDataSource db, OutboxWriter outbox, JobHandlerRegistry handlers,
    JobCompletionBatcher completions, IOptions<ExportOptions> options, TimeProvider time, ILogger<JobRunner> logger)
{
    private readonly ConcurrentDictionary<(Guid Id, int Attempt), CancellationTokenSource> _running = new();

    /// <summary>The attempts running here now.</summary>
    public IReadOnlyList<(Guid Id, int Attempt)> Running => _running.Keys.ToList();

    /// <summary>Stops the handler of an attempt whose job moved on; its result will be ignored anyway.</summary>
    public void Abandon((Guid Id, int Attempt) attempt)
    {
        if (_running.TryGetValue(attempt, out var run)) run.Cancel();
    }

    /// <summary>
    /// Waits for one of <paramref name="slots"/> (a claimed job may wait in the worker's local queue; it is heartbeated
    /// meanwhile), then runs it. Returns once the handler has finished; a success's completion may still be on its way
    /// to the database.
    /// </summary>
    public async Task RunAsync(
        ClaimedJob job,
        DateTimeOffset claimStarted,
        DateTimeOffset claimEnded,
        SemaphoreSlim slots,
        CancellationToken stopping
    )
    {
        using var runSpan = EngineSpans.StartRun(job, claimStarted);
        EngineSpans.Record("claim", job, claimStarted, claimEnded);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[(job.Id, job.Attempt)] = run;
        JobOutcome? outcome = null;
        Exception? error = null;
        var slot = false;
        try
        {
            await slots.WaitAsync(run.Token);
            slot = true;
            // The run-time limit counts from the start of the run, not from the claim.
            var limit = options.Value.TimeoutFor(job.Type);
            // CancelAfter(0) fires on a timer thread, later: a spent limit cancels here and now.
            if (limit <= TimeSpan.Zero) run.Cancel();
            else run.CancelAfter(limit);
            if (!handlers.TryGet(job.Type, out var handler))
                throw new PermanentJobException($"No handler for job type '{job.Type}'.");
            // A run-time limit that is already spent means the attempt does not start (handlers that finish without
            // awaiting anything cancellable would otherwise outrun a zero limit).
            run.Token.ThrowIfCancellationRequested();
            outcome = await handler.RunAsync(
                new JobContext(job.Id, job.Attempt, job.CreatedBy, job.Payload),
                run.Token
            );
        }
        catch (Exception e)
        {
            error = e;
            runSpan.Fail(e);
        }
        finally
        {
            _running.TryRemove((job.Id, job.Attempt), out _);
            if (slot) slots.Release();
        }

        if (outcome is not null)
        {
            var completeSpan = EngineSpans.Start("complete", job.Id, job.Attempt, job.Type);
            _ = FinishCompletionAsync(
                job,
                completions.CompleteAsync(job.Id, job.Attempt, outcome, CancellationToken.None),
                completeSpan
            );
            return;
        }
        if (stopping.IsCancellationRequested)
        {
            // Shutdown, not the job's fault: the attempt goes back to the queue as it was, for any replica.
            await JobStore.ReleaseAsync(db, job.Id, job.Attempt, time.GetUtcNow(), CancellationToken.None);
            return;
        }
        using (EngineSpans.Start("complete", job.Id, job.Attempt, job.Type))
            await FailAsync(job, error!, run.IsCancellationRequested, CancellationToken.None);
    }

    private async Task FinishCompletionAsync(
        ClaimedJob job,
        Task<CompletionResult> completion,
        System.Diagnostics.Activity? span
    )
    {
        try
        {
            if (await completion == CompletionResult.Ignored)
                logger.LogInformation(
                    "Ignoring the end of job {JobId} attempt {Attempt}: superseded or finished",
                    job.Id,
                    job.Attempt
                );
        }
        catch (Exception e)
        {
            // The attempt stays processing without a heartbeat: rescue gives the job another attempt.
            span.Fail(e);
            logger.LogWarning(
                e,
                "Could not complete job {JobId} attempt {Attempt}; rescue will retry it",
                job.Id,
                job.Attempt
            );
        }
        finally
        {
            span?.Dispose();
        }
    }

    /// <param name="cancelled">The run's token fired: its time limit, or the job moved on (the fencing then ignores
    /// it).</param>
    private async Task FailAsync(ClaimedJob job, Exception error, bool cancelled, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var current = await JobStore.LockAsync(c, tx, job.Id, ct);
        if (current is null || !JobTransitions.Accepts(current, job.Attempt))
        {
            logger.LogInformation(
                "Ignoring the end of job {JobId} attempt {Attempt} (job is {Status})",
                job.Id,
                job.Attempt,
                current?.Status
            );
            return;
        }
        var timedOut = cancelled && error is OperationCanceledException;
        var text = timedOut ? $"Timed out after {options.Value.TimeoutFor(current.Type)}" : error.Message;
        await JobTransitions.FailAttemptAsync(c, tx, outbox, current, text, timedOut || JobErrors.IsRetryable(error),
            options.Value, time.GetUtcNow(), Random.Shared.NextDouble(), ct);
        await tx.CommitAsync(ct);
    }
}
