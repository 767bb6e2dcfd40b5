using MassTransit;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// One in-process job attempt per message (what the outbox relay sends when it does not wrap RunJobRequested rows
/// into <see cref="RunJobsRequested"/>, and any message published before it did). The work is <see cref="JobRunner"/>'s.
/// </summary>
public sealed class RunJobConsumer(JobRunner runner, TimeProvider time) : IConsumer<RunJobRequested>
{
    public Task Consume(ConsumeContext<RunJobRequested> context)
    {
        if (context.SentTime is { } sent) EngineMetrics.Delivery.Record((time.GetUtcNow().UtcDateTime - sent).TotalMilliseconds);
        return runner.RunAsync(context.MessageId ?? throw new InvalidOperationException("A RunJobRequested arrived without a message id; the inbox cannot deduplicate it."),
            context.Message, context.CancellationToken);
    }
}
