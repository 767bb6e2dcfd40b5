using System.Diagnostics.Metrics;
using ResumePair.ServiceDefaults.Telemetry;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// Where an in-process job's time goes between enqueue and start, leg by leg, each measured by the component that
/// sees both of its ends.
/// Exported with ResumePair's other instruments; bench/ExportEngine.Bench prints them.
/// </summary>
public static class EngineMetrics
{
    public const string EnqueueDuration = "resumepair.jobs.enqueue.duration";
    public const string ClaimDuration = "resumepair.jobs.claim.duration";
    public const string CommitWait = "resumepair.jobs.commit.wait";
    public const string CommitDuration = "resumepair.jobs.commit.duration";

    /// <summary>One own-transaction enqueue statement, its durable commit included.</summary>
    public static readonly Histogram<double> Enqueue = ResumePairTelemetry.Meter.CreateHistogram<double>(
        EnqueueDuration,
        "ms",
        "Enqueue of in-process jobs in a transaction of their own, commit included"
    );

    /// <summary>Per claim statement (a batch of due jobs), its commit included.</summary>
    public static readonly Histogram<double> Claim = ResumePairTelemetry.Meter.CreateHistogram<double>(
        ClaimDuration,
        "ms",
        "One claim of due jobs from the jobs table: statement and (asynchronous) commit"
    );

    /// <summary>Per item, tagged with the committer: submitted → its batch's flush starts.</summary>
    public static readonly Histogram<double> Wait = ResumePairTelemetry.Meter.CreateHistogram<double>(CommitWait, "ms",
        "An item's wait in a group committer before its batch is written");

    /// <summary>Per batch, tagged with the committer: the statement and its commit.</summary>
    public static readonly Histogram<double> Duration = ResumePairTelemetry.Meter.CreateHistogram<double>(
        CommitDuration,
        "ms",
        "One group-commit batch: statement and commit"
    );
}
