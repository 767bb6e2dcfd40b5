using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Messaging.Inbox;
using ResumePair.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>The renderer uploaded the PDF and says so: the job is completed and becomes an export (7 days).</summary>
public sealed class PdfRenderedConsumer(
    Inbox inbox,
    OutboxWriter outbox,
    IOptions<ExportOptions> options,
    TimeProvider time,
    ILogger<PdfRenderedConsumer> logger
) : IConsumer<PdfRendered>
{
    public async Task Consume(ConsumeContext<PdfRendered> context)
    {
        var message = context.Message;
        using var span = Jobs.Engine.EngineSpans.Start("complete", message.JobId, message.Attempt, "export_pdf");
        var completed = false;
        await inbox.ProcessOnceAsync(context, nameof(PdfRenderedConsumer), async (c, tx, ct) =>
        {
            var job = await JobStore.LockAsync(c, tx, message.JobId, ct);
            if (job is null || !JobTransitions.Accepts(job, message.Attempt))
            {
                logger.LogWarning(
                    "Ignoring result of job {JobId} attempt {Attempt} (job is {Status} at attempt {Current})",
                    message.JobId,
                    message.Attempt,
                    job?.Status ?? "unknown",
                    job?.Attempts
                );
                return;
            }
            var now = time.GetUtcNow();
            var fileKey = FileKeys.For(job.Id, message.Attempt);
            var stored = await ExportFileStore.SizeAsync(c, tx, fileKey, ct);
            if (stored is null)
            {
                // The renderer claims success but the upload never arrived: that attempt did not really succeed.
                await JobTransitions.FailAttemptAsync(
                    c,
                    tx,
                    outbox,
                    job,
                    "The rendered file was not uploaded",
                    retryable: true,
                    options.Value,
                    now,
                    Random.Shared.NextDouble(),
                    ct
                );
                return;
            }
            if (
                !await StorageQuota.MakeRoomAsync(
                    c,
                    tx,
                    job.CreatedBy,
                    job.Id,
                    stored.Value,
                    options.Value.StorageQuotaBytes,
                    now,
                    ct
                )
            )
            {
                await JobTransitions.FailAttemptAsync(
                    c,
                    tx,
                    outbox,
                    job,
                    $"The file ({stored.Value} bytes) exceeds the storage quota",
                    retryable: false,
                    options.Value,
                    now,
                    0,
                    ct
                );
                return;
            }
            var result = JsonSerializer.Serialize(
                new
                {
                    sizeBytes = stored.Value,
                    pages = message.Pages,
                    sha256 = message.Sha256,
                    renderMilliseconds = message.RenderMilliseconds,
                    workerId = message.WorkerId,
                }
            );
            await JobStore.CompleteWithFileAsync(
                c,
                tx,
                job.Id,
                result,
                message.WorkerId,
                fileKey,
                stored.Value,
                message.Pages,
                now + options.Value.ExportLifetime,
                now,
                ct
            );
            await JobStore.LogAsync(
                c,
                tx,
                job.Id,
                job.Attempts,
                "info",
                $"Attempt {job.Attempts} completed on {message.WorkerId}: {message.Pages} pages, {stored.Value} bytes, "
                    + $"{message.RenderMilliseconds} ms",
                now,
                ct
            );
            completed = true;
        });
        if (completed) logger.LogInformation("Job {JobId} completed", message.JobId);
    }
}
