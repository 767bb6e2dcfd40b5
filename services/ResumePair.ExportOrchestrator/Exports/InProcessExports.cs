using Npgsql;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>
/// Accepting an export the orchestrator writes itself (JSON Resume, DOCX): under the user's lock, within the
/// unfinished-jobs limit, the job and its first log line commit with the request's Idempotency-Key answer.
/// </summary>
public static class InProcessExports
{
    public static async Task<IResult> AcceptAsync(HttpContext http, NpgsqlDataSource db, JobEnqueuer enqueuer,
        ExportOptions options, NewJobRow job, string accepted, DateTimeOffset now, CancellationToken ct)
    {
        var jobId = Guid.CreateVersion7(now);
        await using var scope = await WriteScope.OpenAsync(http, db, ct);
        var (c, tx) = (scope.Connection, scope.Transaction);
        if (
            await JobStore.LockUserAndCountUnfinishedAsync(c, tx, http.User.UserId(), ct)
            >= options.MaxUnfinishedJobsPerUser
        )
            return ApiResults.TooMany(
                http,
                options.RetryAfterSeconds,
                "Too many exports in progress",
                $"At most {options.MaxUnfinishedJobsPerUser} exports may be pending or processing at once."
            );
        await enqueuer.EnqueueAsync(c, tx, jobId, job, ct);
        await JobStore.LogAsync(c, tx, jobId, 1, "info", accepted, now, ct);
        await scope.CommitAsync(ct);
        return TypedResults.Accepted($"/api/v1/export/job/{jobId}", new ExportAccepted(jobId, JobStatus.Pending));
    }
}
