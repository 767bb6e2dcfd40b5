using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ServiceDefaults.Messaging.Inbox;
using ResumePair.ServiceDefaults.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// Runs one attempt of an in-process job, whichever message brought it (<see cref="RunJobRequested"/> alone, or an
/// item of a <see cref="RunJobsRequested"/>): claim (fenced on the attempt), run the handler under its type's
/// timeout while heartbeating, then complete or fail (fenced again, with the inbox keyed by the item's message id).
/// Claims and successful completions go through <see cref="JobClaimBatcher"/> and <see cref="JobCompletionBatcher"/>,
/// which write many runs' rows in one statement; failures take the per-message inbox path (rare).
/// At most <see cref="ExportOptions.WorkerConcurrency"/> runs at once per replica. Cancellation (shutdown) cancels
/// the handler and throws, so the message is not acknowledged and the attempt is handed back, not counted.
/// </summary>
public sealed class JobRunner(NpgsqlDataSource db, Inbox inbox, OutboxWriter outbox, JobHandlerRegistry handlers, JobClaimBatcher claims,
    JobCompletionBatcher completions, IOptions<ExportOptions> options, TimeProvider time, ILogger<JobRunner> logger)
{
    private readonly SemaphoreSlim _slots = new(options.Value.WorkerConcurrency, options.Value.WorkerConcurrency);

    /// <param name="messageId">The id the inbox deduplicates this run's effect on (the RunJobRequested outbox row's).</param>
    public async Task RunAsync(Guid messageId, RunJobRequested message, CancellationToken ct)
    {
        // Held from claim to completion: a claimed job is always a running job (heartbeating), never a queued one.
        await _slots.WaitAsync(ct);
        try
        {
            await RunClaimedAsync(messageId, message, ct);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task RunClaimedAsync(Guid messageId, RunJobRequested message, CancellationToken ct)
    {
        using var runSpan = EngineSpans.Start("run", message.JobId, message.Attempt, message.Type);
        ClaimedJob? job;
        using (EngineSpans.Start("claim", message.JobId, message.Attempt, message.Type))
            job = await claims.ClaimAsync(message.JobId, message.Attempt, ct);
        if (job is null)
        {
            runSpan?.SetTag("resumepair.job.claimed", false);
            logger.LogInformation("Not running job {JobId} attempt {Attempt}: superseded, finished or unknown", message.JobId, message.Attempt);
            return;
        }

        JobOutcome? outcome = null;
        Exception? error = null;
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        run.CancelAfter(options.Value.TimeoutFor(job.Type));
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(message, run, stopHeartbeat.Token);
        try
        {
            if (!handlers.TryGet(job.Type, out var handler)) throw new PermanentJobException($"No handler for job type '{job.Type}'.");
            // A run-time limit that is already spent means the attempt does not start (handlers that finish without
            // awaiting anything cancellable would otherwise outrun a zero limit).
            run.Token.ThrowIfCancellationRequested();
            outcome = await handler.RunAsync(new Jobs.Engine.JobContext(job.Id, message.Attempt, job.CreatedBy, job.Payload), run.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            error = e;
            runSpan.Fail(e);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        using var completeSpan = EngineSpans.Start("complete", message.JobId, message.Attempt, job.Type);
        if (outcome is not null)
        {
            var result = await completions.CompleteAsync(messageId, message.JobId, message.Attempt, outcome, ct);
            if (result == CompletionResult.Ignored)
                logger.LogInformation("Ignoring the end of job {JobId} attempt {Attempt}: superseded or finished", message.JobId, message.Attempt);
            return;
        }

        await inbox.ProcessOnceAsync(JobCompletionBatcher.Consumer, messageId, async (c, tx, token) =>
        {
            var current = await JobStore.LockAsync(c, tx, message.JobId, token);
            if (current is null || !JobTransitions.Accepts(current, message.Attempt))
            {
                logger.LogInformation("Ignoring the end of job {JobId} attempt {Attempt} (job is {Status})", message.JobId, message.Attempt, current?.Status);
                return;
            }
            var now = time.GetUtcNow();
            var timedOut = error is OperationCanceledException;
            var text = timedOut ? $"Timed out after {options.Value.TimeoutFor(current.Type)}" : error!.Message;
            await JobTransitions.FailAttemptAsync(c, tx, outbox, current, text, timedOut || JobErrors.IsRetryable(error!), options.Value, now,
                Random.Shared.NextDouble(), token);
        }, ct);
    }

    /// <summary>Keeps heartbeat_at fresh; when the row no longer matches (cancelled, rescued, superseded) the handler is cancelled.</summary>
    private async Task HeartbeatAsync(RunJobRequested message, CancellationTokenSource run, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.HeartbeatInterval, stop);
                await using var c = await db.OpenConnectionAsync(stop);
                await using var tx = await c.BeginTransactionAsync(stop);
                var alive = await c.ExecuteAsync(new CommandDefinition(
                    """
                    -- A heartbeat need not wait for the disk: one lost in a database crash only looks like a silence of
                    -- one more interval, far below HeartbeatTimeout; the next heartbeat (or, if this worker died too,
                    -- rescue) follows as if it had been written, and fencing on the attempt keeps any result single.
                    SET LOCAL synchronous_commit = off;
                    UPDATE jobs SET heartbeat_at = @now WHERE id = @id AND attempts = @attempt AND status = 'processing'
                    """,
                    new { id = message.JobId, attempt = message.Attempt, now = time.GetUtcNow() }, tx, cancellationToken: stop));
                await tx.CommitAsync(stop);
                if (alive == 0)
                {
                    await run.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            // A database blip: the handler goes on; if the silence lasts, rescue hands the job to another attempt.
            logger.LogWarning(e, "Heartbeat of job {JobId} failed", message.JobId);
        }
    }
}
