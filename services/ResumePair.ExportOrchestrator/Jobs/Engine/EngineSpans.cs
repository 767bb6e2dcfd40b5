using System.Diagnostics;
using ResumePair.ServiceDefaults.Telemetry;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// The engine's own spans (enqueue, claim, run, complete) under the trace of whoever asked for the job: the enqueue
/// span is current when the outbox row is prepared, so the relay's publish and the run continue its trace.
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

    public static Activity? StartEnqueue(IReadOnlyList<NewJob> jobs, IReadOnlyList<Guid> ids)
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
