using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>What became of a completion.</summary>
public enum CompletionResult
{
    /// <summary>The job is completed (its row records the attempt, worker and time), in one commit.</summary>
    Completed,

    /// <summary>The job is no longer at this attempt, or has finished (cancelled, rescued): the result is
    /// ignored.</summary>
    Ignored,
}

/// <summary>
/// Completes many successful in-process attempts in one statement and one durable commit
/// (<see cref="JobStore.CompleteManyAsync"/>), like graphile-worker's completion batches. Fenced on the attempt: a
/// duplicate (also inside one batch) or an older attempt's result changes nothing. Failures do not come here: they take
/// the per-job path (backoff, dead letter), which is rare.
/// </summary>
public sealed class JobCompletionBatcher : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly ExportOptions _options;
    private readonly TimeProvider _time;
    private readonly JobEventHub _events;
    private readonly GroupCommitter<Completion, CompletionResult> _committer;

    public JobCompletionBatcher(
        NpgsqlDataSource db,
        JobEventHub events,
        IOptions<ExportOptions> options,
        TimeProvider time,
        ILogger<JobCompletionBatcher> logger
    )
    {
        _db = db;
        _events = events;
        _options = options.Value;
        _time = time;
        // Completions are not on the way from enqueue to start: they linger, so their durable commits (one WAL flush
        // each) are fewer and hold the enqueues' commits back less.
        _committer = new(
            "job completions",
            FlushAsync,
            _options.CommitBatchSize,
            _options.CommitConcurrency,
            time,
            logger,
            _options.CompletionLinger
        );
    }

    public Task<CompletionResult> CompleteAsync(Guid jobId, int attempt, JobOutcome outcome, CancellationToken ct) =>
        _committer.SubmitAsync(new Completion(jobId, attempt, outcome.ResultJson, outcome.FileKey, outcome.SizeBytes,
            outcome.Pages), ct);

    /// <summary>One batch, one statement (internal: tests call it to control what shares a batch).</summary>
    internal async Task<IReadOnlyList<CompletionResult>> FlushAsync(
        IReadOnlyList<Completion> items,
        CancellationToken ct
    )
    {
        var now = _time.GetUtcNow();
        var done = await JobStore.CompleteManyAsync(_db, items, now + _options.ExportLifetime, now, ct);
        // The statement has committed: tell SSE streams on every replica.
        _events.AnnounceAfterCommit(done.Select(d => d.Id));
        // The first item of a job's attempt gets the statement's answer; a later copy in the same batch changed
        // nothing.
        var answered = new HashSet<(Guid, int)>();
        return items.Select(i => done.Contains((i.JobId, i.Attempt)) && answered.Add((i.JobId, i.Attempt))
            ? CompletionResult.Completed : CompletionResult.Ignored).ToList();
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();
}
