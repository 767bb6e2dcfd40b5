using Npgsql;
using ResumePair.Contracts.Exports;
using ResumePair.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>The state changes that more than one path makes (a renderer's failure report, a missed deadline).</summary>
public static class JobTransitions
{
    /// <summary>
    /// Ends the job's current attempt as failed: not retryable → failed; out of attempts → dead_letter; otherwise
    /// back to pending with the next attempt number after a full-jitter backoff, for the scheduler to dispatch.
    /// </summary>
    /// <returns>The job's new status.</returns>
    /// <remarks>A dead letter also puts a <see cref="JobDeadLettered"/> alert into the outbox, in the same
    /// transaction.</remarks>
    public static async Task<string> FailAttemptAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        OutboxWriter outbox,
        Job job,
        string error,
        bool retryable,
        ExportOptions options,
        DateTimeOffset now,
        double random01,
        CancellationToken ct
    )
    {
        if (!retryable || job.Attempts >= job.MaxAttempts)
        {
            var status = retryable ? JobStatus.DeadLetter : JobStatus.Failed;
            await JobStore.FinishFailedAsync(c, tx, job.Id, status, error, now, ct);
            await JobStore.LogAsync(
                c,
                tx,
                job.Id,
                job.Attempts,
                "error",
                $"Attempt {job.Attempts} failed: {error}; job {status}",
                now,
                ct
            );
            if (status == JobStatus.DeadLetter)
                await outbox.EnqueueAsync(
                    c,
                    tx,
                    new JobDeadLettered
                    {
                        JobId = job.Id,
                        Type = job.Type.Length == 0 ? "export_pdf" : job.Type,
                        Attempts = job.Attempts,
                        Error = error,
                        CreatedBy = job.CreatedBy,
                        At = now,
                    },
                    ct
                );
            return status;
        }

        var runAfter = now + RetryBackoff.Delay(job.Attempts, options.RetryBaseDelay, options.RetryMaxDelay, random01);
        await JobStore.ScheduleNextAttemptAsync(c, tx, job.Id, error, runAfter, ct);
        await JobStore.LogAsync(
            c,
            tx,
            job.Id,
            job.Attempts,
            "warn",
            $"Attempt {job.Attempts} failed: {error}; retry at {runAfter:O}",
            now,
            ct
        );
        return JobStatus.Pending;
    }

    /// <summary>Fencing: only the job's current attempt may change it, and only while it is unfinished.</summary>
    public static bool Accepts(Job job, int attempt) => job.Attempts == attempt && JobStatus.IsUnfinished(job.Status);
}
