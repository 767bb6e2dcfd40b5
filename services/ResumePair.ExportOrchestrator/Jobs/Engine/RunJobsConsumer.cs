using MassTransit;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// The RunJobRequested rows one outbox relay batch claimed, as one message: every item runs (each with its own
/// message id for the inbox, its own claim, heartbeat, fencing and completion), concurrently up to the worker limit.
/// The message is acknowledged once every item has finished; if any item threw (a database error), the whole message
/// is retried or redelivered, and the items that had already finished are skipped (their jobs are no longer claimable,
/// their inbox rows exist), so the others are not lost and nothing happens twice.
/// </summary>
public sealed class RunJobsConsumer(JobRunner runner, TimeProvider time) : IConsumer<RunJobsRequested>
{
    public async Task Consume(ConsumeContext<RunJobsRequested> context)
    {
        if (context.SentTime is { } sent) EngineMetrics.Delivery.Record((time.GetUtcNow().UtcDateTime - sent).TotalMilliseconds);
        var runs = context.Message.Jobs.Select(item =>
            runner.RunAsync(item.MessageId, new RunJobRequested { JobId = item.JobId, Attempt = item.Attempt, Type = item.Type }, context.CancellationToken)).ToList();
        try
        {
            await Task.WhenAll(runs);
        }
        catch when (runs.Count(r => r.IsFaulted) is var failed and > 0 && !context.CancellationToken.IsCancellationRequested)
        {
            throw new AggregateException($"{failed} of {runs.Count} jobs in the batch failed to run; the batch will be redelivered",
                runs.Where(r => r.IsFaulted).SelectMany(r => r.Exception!.InnerExceptions));
        }
    }
}
