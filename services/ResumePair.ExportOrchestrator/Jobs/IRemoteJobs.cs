using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// Job types run outside this process (renders): the feature that owns them puts their attempts out and calls them
/// back, in the caller's transaction. The engine (scheduler, retry, cancel) needs nothing else of that feature, so it
/// does not depend on it.
/// </summary>
public interface IRemoteJobs
{
    /// <summary>Puts attempt <paramref name="attempt"/> of the job out to its workers.</summary>
    Task DispatchAsync(NpgsqlConnection c, NpgsqlTransaction tx, Job job, int attempt, CancellationToken ct);

    /// <summary>Tells the workers that the attempt they have (the job's current one) is cancelled.</summary>
    Task CancelAsync(NpgsqlConnection c, NpgsqlTransaction tx, Job job, string reason, CancellationToken ct);
}
