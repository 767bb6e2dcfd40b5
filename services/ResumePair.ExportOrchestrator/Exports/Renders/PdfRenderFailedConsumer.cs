using MassTransit;
using Microsoft.Extensions.Options;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Messaging.Inbox;
using ResumePair.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>A renderer gave up on an attempt: retry after a backoff, dead-letter after the last attempt, or fail at
/// once.</summary>
public sealed class PdfRenderFailedConsumer(
    Inbox inbox,
    OutboxWriter outbox,
    IOptions<ExportOptions> options,
    TimeProvider time,
    ILogger<PdfRenderFailedConsumer> logger
) : IConsumer<PdfRenderFailed>
{
    public Task Consume(ConsumeContext<PdfRenderFailed> context) =>
        inbox.ProcessOnceAsync(context, nameof(PdfRenderFailedConsumer), async (c, tx, ct) =>
        {
            var message = context.Message;
            using var span = Jobs.Engine.EngineSpans.Start("complete", message.JobId, message.Attempt, "export_pdf");
            var job = await JobStore.LockAsync(c, tx, message.JobId, ct);
            if (job is null || !JobTransitions.Accepts(job, message.Attempt))
            {
                logger.LogWarning(
                    "Ignoring failure of job {JobId} attempt {Attempt} (job is {Status} at attempt {Current})",
                    message.JobId,
                    message.Attempt,
                    job?.Status ?? "unknown",
                    job?.Attempts
                );
                return;
            }
            var status = await JobTransitions.FailAttemptAsync(
                c,
                tx,
                outbox,
                job,
                message.Error,
                message.Retryable,
                options.Value,
                time.GetUtcNow(),
                Random.Shared.NextDouble(),
                ct
            );
            logger.LogWarning(
                "Job {JobId} attempt {Attempt} failed on {WorkerId}: {Error}; now {Status}",
                job.Id,
                message.Attempt,
                message.WorkerId,
                message.Error,
                status
            );
        });
}
