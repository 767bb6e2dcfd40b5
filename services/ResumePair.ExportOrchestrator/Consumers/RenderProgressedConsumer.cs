using Dapper;
using MassTransit;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Messaging.Inbox;

namespace ResumePair.ExportOrchestrator.Consumers;

/// <summary>A renderer reports progress; the first report moves the job to processing. Doubles as the heartbeat.</summary>
public sealed class RenderProgressedConsumer(Inbox inbox, TimeProvider time, ILogger<RenderProgressedConsumer> logger) : IConsumer<RenderProgressed>
{
    public Task Consume(ConsumeContext<RenderProgressed> context) =>
        inbox.ProcessOnceAsync(context, nameof(RenderProgressedConsumer), async (c, tx, ct) =>
        {
            var message = context.Message;
            var job = await JobStore.LockAsync(c, tx, message.JobId, ct);
            if (job is null || !JobTransitions.Accepts(job, message.Attempt))
            {
                logger.LogInformation("Ignoring progress of job {JobId} attempt {Attempt} (job is {Status} at attempt {Current})",
                    message.JobId, message.Attempt, job?.Status ?? "unknown", job?.Attempts);
                return;
            }
            var now = time.GetUtcNow();
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE jobs SET status = 'processing', started_at = COALESCE(started_at, @now), heartbeat_at = @now, worker_id = @worker,
                                progress_percentage = GREATEST(progress_percentage, @percentage), progress_message = @text
                WHERE id = @id
                """, new { id = job.Id, now, worker = message.WorkerId, percentage = Math.Clamp(message.Percentage, 0, 99), text = message.Message },
                tx, cancellationToken: ct));
            if (job.Status == JobStatus.Pending)
                await JobStore.LogAsync(c, tx, job.Id, job.Attempts, "info", $"Attempt {job.Attempts} started on {message.WorkerId}", now, ct);
        });
}
