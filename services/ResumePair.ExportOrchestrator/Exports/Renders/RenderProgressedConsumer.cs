using MassTransit;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Messaging.Inbox;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>A renderer reports progress; the first report moves the job to processing. Doubles as the
/// heartbeat.</summary>
public sealed class RenderProgressedConsumer(Inbox inbox, TimeProvider time, ILogger<RenderProgressedConsumer> logger)
    : IConsumer<RenderProgressed>
{
    public Task Consume(ConsumeContext<RenderProgressed> context) =>
        inbox.ProcessOnceAsync(context, nameof(RenderProgressedConsumer), async (c, tx, ct) =>
        {
            var message = context.Message;
            var job = await JobStore.LockAsync(c, tx, message.JobId, ct);
            if (job is null || !JobTransitions.Accepts(job, message.Attempt))
            {
                logger.LogInformation(
                    "Ignoring progress of job {JobId} attempt {Attempt} (job is {Status} at attempt {Current})",
                    message.JobId,
                    message.Attempt,
                    job?.Status ?? "unknown",
                    job?.Attempts
                );
                return;
            }
            var now = time.GetUtcNow();
            await JobStore.MarkRenderProgressAsync(
                c,
                tx,
                job.Id,
                message.WorkerId,
                Math.Clamp(message.Percentage, 0, 99),
                message.Message,
                now,
                ct
            );
            if (job.Status == JobStatus.Pending)
                await JobStore.LogAsync(
                    c,
                    tx,
                    job.Id,
                    job.Attempts,
                    "info",
                    $"Attempt {job.Attempts} started on {message.WorkerId}",
                    now,
                    ct
                );
        });
}
