using MassTransit;
using Microsoft.Extensions.Options;
using ResumePair.Contracts.Exports;
using ResumePair.PdfRenderer.Rendering;

namespace ResumePair.PdfRenderer.Messaging;

/// <summary>
/// Renders one export job: progress → render → upload → <see cref="PdfRendered"/>, or <see cref="PdfRenderFailed"/>
/// with <c>Retryable</c> saying whether another attempt can help. The orchestrator owns retries and fencing, so
/// this consumer reports failures instead of throwing them (a throw would only park the message in _error).
/// </summary>
public sealed class RenderPdfConsumer(
    DocumentPdfRenderer renderer,
    PdfUploader uploader,
    WorkerIdentity worker,
    RenderCancellations cancellations,
    IOptions<RendererOptions> options,
    TimeProvider time,
    ILogger<RenderPdfConsumer> logger
) : IConsumer<RenderPdfRequested>
{
    public async Task Consume(ConsumeContext<RenderPdfRequested> context)
    {
        var job = context.Message;
        using var scope = logger.BeginScope(
            new Dictionary<string, object> { ["JobId"] = job.JobId, ["Attempt"] = job.Attempt }
        );
        // Fires on CancelRender for this attempt as well as on shutdown.
        using var render = cancellations.Start(job.JobId, job.Attempt, context.CancellationToken);
        if (render is null)
        {
            // Cancelled while still queued: the orchestrator expects nothing more for this attempt.
            logger.LogInformation("Job {JobId} attempt {Attempt} was cancelled before it started; dropped", job.JobId,
                job.Attempt);
            return;
        }
        var ct = render.Token;
        try
        {
            // A job past its deadline is not rendered: the orchestrator has given up on this attempt (or is about
            // to). It is reported retryable: an expired deadline says the queue was slow, not that the document is
            // broken, and the orchestrator's attempt limit and fencing bound what happens next.
            var remaining = job.Deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero) throw RenderFailure.DeadlinePassed(job.Deadline);

            await Progress(context, 10, "rendering", ct);
            var photo = job.Photo is { } p ? new Templates.Photo(p.ContentType, p.Bytes) : null;
            RenderedPdf pdf;
            // Heartbeats while Chromium works, so the orchestrator can tell a slow render from a dead worker.
            using (var heartbeat = new CancellationTokenSource())
            {
                var beating = HeartbeatAsync(context, heartbeat.Token);
                try
                {
                    pdf = await renderer.RenderAsync(
                        new Templates.RenderRequest(
                            job.TemplateId,
                            job.DocumentType,
                            job.Title,
                            job.Data,
                            job.PageSize,
                            photo
                        ),
                        remaining,
                        ct,
                        job.JobId
                    );
                }
                finally
                {
                    await heartbeat.CancelAsync();
                    await beating;
                }
            }

            await Progress(context, 80, "uploading", ct);
            await uploader.UploadAsync(job.UploadUrl, pdf.Bytes, pdf.Sha256, ct);
            // A cancel that lands during the upload still wins: the orchestrator ignores the stored file (fencing).
            ct.ThrowIfCancellationRequested();

            await context.Publish(new PdfRendered
            {
                JobId = job.JobId,
                Attempt = job.Attempt,
                SizeBytes = pdf.Bytes.LongLength,
                Pages = pdf.Pages,
                Sha256 = pdf.Sha256,
                RenderMilliseconds = pdf.RenderMilliseconds,
                WorkerId = worker.Id,
            }, ct);
            logger.LogInformation("Rendered job {JobId} attempt {Attempt} in {Ms} ms", job.JobId, job.Attempt,
                pdf.RenderMilliseconds);
        }
        catch (Exception e) when (render.CancelReason is { } reason)
        {
            // The page was abandoned (PdfPrinter discards it) and nothing was uploaded; publish nothing, ack the
            // message.
            logger.LogInformation(
                "Render of job {JobId} attempt {Attempt} cancelled ({Reason}, stopped by {Exception}); "
                    + "nothing uploaded or published",
                job.JobId,
                job.Attempt,
                reason,
                e.GetType().Name
            );
        }
        catch (RenderFailure failure)
        {
            await Fail(context, $"{failure.Code}: {failure.Message}", failure.Retryable, failure);
        }
        catch (Exception e)
            when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            // Unknown trouble is assumed transient; the orchestrator's attempt limit stops an endless loop.
            await Fail(context, $"internal: {e.GetType().Name}: {e.Message}", true, e);
        }
        // Cancellation by shutdown propagates: the message is not acknowledged and another replica takes it.
    }

    private async Task HeartbeatAsync(ConsumeContext<RenderPdfRequested> context, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            // stop ends the waiting, never a publish under way: MassTransit awaits a consume's publishes, and one
            // cancelled as the render ended faulted the whole consume, so the broker redelivered the request and it was
            // rendered and uploaded twice.
            while (await timer.WaitForNextTickAsync(stop)) await Progress(context, 50, "rendering (heartbeat)",
                context.CancellationToken);
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            // A lost heartbeat must not fail the render; the next one (or the result) will tell the orchestrator.
            logger.LogDebug(e, "Heartbeat for job {JobId} not published", context.Message.JobId);
        }
    }

    private Task Progress(
        ConsumeContext<RenderPdfRequested> context,
        int percentage,
        string message,
        CancellationToken ct
    ) =>
        context.Publish(
            new RenderProgressed
            {
                JobId = context.Message.JobId,
                Attempt = context.Message.Attempt,
                Percentage = percentage,
                Message = message,
                WorkerId = worker.Id,
            },
            ct
        );

    private async Task Fail(ConsumeContext<RenderPdfRequested> context, string error, bool retryable, Exception e)
    {
        var job = context.Message;
        logger.LogWarning(
            e is RenderFailure { InnerException: null } ? null : e,
            "Render of job {JobId} attempt {Attempt} failed (retryable: {Retryable}): {Error}",
            job.JobId,
            job.Attempt,
            retryable,
            error
        );
        await context.Publish(new PdfRenderFailed
        {
            JobId = job.JobId,
            Attempt = job.Attempt,
            Error = error,
            Retryable = retryable,
            WorkerId = worker.Id,
        }, context.CancellationToken);
    }
}

/// <summary>
/// One queue (<c>render-pdf</c>) shared by every replica. A replica takes only as many messages as it has
/// pages, so the broker hands the rest to idle replicas instead of queueing them behind a busy one.
/// </summary>
public sealed class RenderPdfConsumerDefinition : ConsumerDefinition<RenderPdfConsumer>
{
    public RenderPdfConsumerDefinition(IOptions<RendererOptions> options)
    {
        var size = Math.Max(1, options.Value.PoolSize);
        ConcurrentMessageLimit = size;
        Endpoint(e => e.PrefetchCount = size);
    }
}
