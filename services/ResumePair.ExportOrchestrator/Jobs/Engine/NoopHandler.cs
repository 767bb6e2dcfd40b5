namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>A job type that does nothing: the engine's own cost, measured by bench/ExportEngine.Bench and
/// bench/ExportSoak.</summary>
public sealed class NoopHandler : IJobHandler
{
    public const string JobType = "noop";
    public string Type => JobType;
    public Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct) => Task.FromResult(new JobOutcome());
}
