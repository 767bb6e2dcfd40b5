using System.Diagnostics;
using ResumePair.ServiceDefaults.Telemetry;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// The engine's own spans (enqueue, claim, run, complete) under the trace of whoever asked for the job: the enqueue
/// span is current when the job row is written, which keeps its context (<c>trace_parent</c>) for the run to continue.
/// </summary>
public static class EngineSpans
{
    public const string JobId = ResumePairTelemetry.JobIdAttribute;
    public const string JobType = "resumepair.job.type";
    public const string JobAttempt = "resumepair.job.attempt";
    public const string JobCount = "resumepair.job.count";

    public static Activity? Start(string operation, Guid jobId, int attempt, string? type = null,
        ActivityKind kind = ActivityKind.Internal)
    {
        var activity = ResumePairTelemetry.Source.StartActivity($"job {operation}", kind);
        if (activity is null) return null;
        activity.SetTag(JobId, jobId.ToString());
        activity.SetTag(JobAttempt, attempt);
        if (type is not null) activity.SetTag(JobType, type);
        return activity;
    }

    /// <summary>The run of a claimed attempt, continuing the enqueuer's trace, from the start of its claim.</summary>
    public static Activity? StartRun(ClaimedJob job, DateTimeOffset claimStarted)
    {
        ActivityContext.TryParse(job.TraceParent, null, out var parent);
        var activity = ResumePairTelemetry.Source.StartActivity("job run", ActivityKind.Consumer, parent,
            startTime: claimStarted);
        if (activity is null) return null;
        activity.SetTag(JobId, job.Id.ToString());
        activity.SetTag(JobAttempt, job.Attempt);
        activity.SetTag(JobType, job.Type);
        return activity;
    }

    /// <summary>A step that already happened (a claim, done for a whole batch at once), as a span of the current
    /// run.</summary>
    public static void Record(string operation, ClaimedJob job, DateTimeOffset started, DateTimeOffset ended)
    {
        using var activity = ResumePairTelemetry.Source.StartActivity($"job {operation}", ActivityKind.Internal,
            parentContext: default, startTime: started);
        if (activity is null) return;
        activity.SetTag(JobId, job.Id.ToString());
        activity.SetTag(JobAttempt, job.Attempt);
        activity.SetTag(JobType, job.Type);
        activity.SetEndTime(ended.UtcDateTime);
    }

    public static Activity? StartEnqueue(IReadOnlyList<NewJobRow> jobs, IReadOnlyList<Guid> ids)
    {
        var activity = ResumePairTelemetry.Source.StartActivity("job enqueue", ActivityKind.Producer);
        if (activity is null) return null;
        activity.SetTag(JobCount, jobs.Count);
        if (jobs.Count == 1)
        {
            activity.SetTag(JobId, ids[0].ToString());
            activity.SetTag(JobType, jobs[0].Type);
        }
        return activity;
    }

    public static void Fail(this Activity? activity, Exception error)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        activity?.SetTag("error.type", error.GetType().FullName);
    }
}
