using MassTransit;
using ResumePair.Contracts.Exports;

namespace ResumePair.PdfRenderer.Messaging;

/// <summary>
/// Stops a render the user cancelled. Runs on a temporary queue of its own per replica (see
/// <see cref="Extensions.AddApplicationServices"/>): the orchestrator does not know which replica holds the attempt,
/// so every replica gets every cancel (fan-out), and the one running it stops; the others remember it in case the
/// request is still queued.
/// </summary>
public sealed class CancelRenderConsumer(RenderCancellations cancellations, ILogger<CancelRenderConsumer> logger)
    : IConsumer<CancelRender>
{
    public Task Consume(ConsumeContext<CancelRender> context)
    {
        var cancel = context.Message;
        var stopped = cancellations.Cancel(cancel.JobId, cancel.Attempt, cancel.Reason, cancel.Deadline);
        logger.LogInformation(
            "CancelRender for job {JobId} attempt {Attempt} ({Reason}): {Stopped} running render(s) stopped here, "
                + "remembered until {Deadline}",
            cancel.JobId,
            cancel.Attempt,
            cancel.Reason,
            stopped,
            cancel.Deadline
        );
        return Task.CompletedTask;
    }
}
