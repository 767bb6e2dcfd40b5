using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ServiceDefaults.Messaging.Inbox;
using ResumePair.ServiceDefaults.Messaging.Outbox;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Consumers;

/// <summary>
/// Runs one attempt of an in-process job: claim (fenced on the attempt), run the handler under its type's
/// timeout while heartbeating, then complete or fail (fenced again, with the inbox). Shutdown cancels the
/// handler and rethrows, so the message is not acknowledged and goes back to the queue for another replica
/// (the attempt is handed back, not counted); a crash does the same, or heartbeat rescue counts it.
/// </summary>
public sealed class RunJobConsumer(NpgsqlDataSource db, Inbox inbox, OutboxWriter outbox, JobHandlerRegistry handlers, IOptions<ExportOptions> options,
    TimeProvider time, ILogger<RunJobConsumer> logger) : IConsumer<RunJobRequested>
{
    private static readonly string WorkerId = $"{Environment.MachineName}/{Environment.ProcessId}";

    public async Task Consume(ConsumeContext<RunJobRequested> context)
    {
        var message = context.Message;
        var ct = context.CancellationToken;
        var job = await ClaimAsync(message, ct);
        if (job is null) return;

        JobOutcome? outcome = null;
        Exception? error = null;
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        run.CancelAfter(options.Value.TimeoutFor(job.Type));
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(message, run, stopHeartbeat.Token);
        try
        {
            if (!handlers.TryGet(job.Type, out var handler)) throw new PermanentJobException($"No handler for job type '{job.Type}'.");
            outcome = await handler.RunAsync(new Jobs.Engine.JobContext(job.Id, message.Attempt, job.CreatedBy, job.Payload), run.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            error = e;
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        await inbox.ProcessOnceAsync(context, nameof(RunJobConsumer), async (c, tx, token) =>
        {
            var current = await JobStore.LockAsync(c, tx, message.JobId, token);
            if (current is null || !JobTransitions.Accepts(current, message.Attempt))
            {
                logger.LogInformation("Ignoring the end of job {JobId} attempt {Attempt} (job is {Status})", message.JobId, message.Attempt, current?.Status);
                return;
            }
            var now = time.GetUtcNow();
            if (outcome is not null)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE jobs SET status = 'completed', progress_percentage = 100, progress_message = 'Done', result = CAST(@result AS jsonb), error = NULL,
                                    completed_at = @now, file_key = @fileKey, size_bytes = @size, pages = @pages,
                                    expires_at = CASE WHEN @fileKey::text IS NULL THEN NULL ELSE @expires END
                    WHERE id = @id
                    """, new { id = current.Id, result = outcome.ResultJson, now, fileKey = outcome.FileKey, size = outcome.SizeBytes, pages = outcome.Pages,
                        expires = now + options.Value.ExportLifetime }, tx, cancellationToken: token));
                await JobStore.LogAsync(c, tx, current.Id, message.Attempt, "info", $"Attempt {message.Attempt} completed on {WorkerId}", now, token);
                return;
            }
            var timedOut = error is OperationCanceledException;
            var text = timedOut ? $"Timed out after {options.Value.TimeoutFor(current.Type)}" : error!.Message;
            await JobTransitions.FailAttemptAsync(c, tx, outbox, current, text, timedOut || JobErrors.IsRetryable(error!), options.Value, now,
                Random.Shared.NextDouble(), token);
        });
    }

    /// <summary>pending → processing for this attempt, committed before the handler runs, so rescue and the stats can see it.</summary>
    private async Task<Job?> ClaimAsync(RunJobRequested message, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var job = await JobStore.LockAsync(c, tx, message.JobId, ct);
        if (job is null || !JobTransitions.Accepts(job, message.Attempt))
        {
            logger.LogInformation("Not running job {JobId} attempt {Attempt} (job is {Status} at attempt {Current})",
                message.JobId, message.Attempt, job?.Status ?? "unknown", job?.Attempts);
            return null;
        }
        var now = time.GetUtcNow();
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET status = 'processing', started_at = COALESCE(started_at, @now), heartbeat_at = @now, worker_id = @WorkerId WHERE id = @id",
            new { id = job.Id, now, WorkerId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return job;
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
                var alive = await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE jobs SET heartbeat_at = @now WHERE id = @id AND attempts = @attempt AND status = 'processing'",
                    new { id = message.JobId, attempt = message.Attempt, now = time.GetUtcNow() }, cancellationToken: stop));
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
