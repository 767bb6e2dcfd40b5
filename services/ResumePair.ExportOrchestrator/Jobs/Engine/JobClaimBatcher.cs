using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Messaging;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>A job the worker may run: its attempt is now processing here.</summary>
public sealed record ClaimedJob(Guid Id, int Attempt, string Type, Guid CreatedBy, string Payload);

/// <summary>
/// pending → processing for many in-process jobs in one statement (<c>UPDATE … FROM unnest(ids, attempts)</c>),
/// fenced on the attempt: a job whose current attempt is another one, or that has finished (cancelled, completed),
/// is not claimed. Each claim commits before its handler runs, so rescue and the stats see it.
/// </summary>
public sealed class JobClaimBatcher : IAsyncDisposable
{
    /// <summary>Who runs the job (job rows, logs): host and process id.</summary>
    public static readonly string WorkerId = $"{Environment.MachineName}/{Environment.ProcessId}";

    private readonly NpgsqlDataSource _db;
    private readonly TimeProvider _time;
    private readonly JobEventHub _events;
    private readonly GroupCommitter<(Guid JobId, int Attempt), ClaimedJob?> _committer;

    public JobClaimBatcher(NpgsqlDataSource db, JobEventHub events, IOptions<ExportOptions> options, TimeProvider time, ILogger<JobClaimBatcher> logger)
    {
        _db = db;
        _events = events;
        _time = time;
        _committer = new("job claims", FlushAsync, options.Value.CommitBatchSize, options.Value.CommitConcurrency, time, logger);
    }

    /// <returns>The job, or null when this attempt may not run (superseded, finished, unknown).</returns>
    public Task<ClaimedJob?> ClaimAsync(Guid jobId, int attempt, CancellationToken ct) => _committer.SubmitAsync((jobId, attempt), ct);

    private async Task<IReadOnlyList<ClaimedJob?>> FlushAsync(IReadOnlyList<(Guid JobId, int Attempt)> items, CancellationToken ct)
    {
        // Distinct and ordered by id: rows are locked in one order whichever batch takes them (no deadlocks between batches).
        var distinct = items.Distinct().OrderBy(i => i.JobId).ToArray();
        await using var c = await _db.OpenConnectionAsync(ct);
        // Two statements, one round trip: they run as one implicit transaction that commits when the batch ends.
        await using var cmd = new NpgsqlCommand(
            $"""
            -- A claim need not wait for the disk: a claim lost in a crash leaves the job pending with its message
            -- unacknowledged (redelivered, claimed again), and WAL order means no later completion outlives it.
            SELECT {TransactionSettings.WithoutFsync}, {JobEventHub.AnnouncedAfterCommit};
            UPDATE jobs j SET status = 'processing', started_at = COALESCE(j.started_at, @now), heartbeat_at = @now, worker_id = @worker
            FROM unnest(@ids, @attempts) AS c(id, attempt)
            WHERE j.id = c.id AND j.attempts = c.attempt AND j.status NOT IN ({JobStatus.TerminalSql})
            RETURNING j.id, j.attempts, j.type, j.created_by, j.payload::text
            """, c);
        cmd.Parameters.AddWithValue("now", _time.GetUtcNow());
        cmd.Parameters.AddWithValue("worker", WorkerId);
        cmd.Parameters.AddWithValue("ids", distinct.Select(i => i.JobId).ToArray());
        cmd.Parameters.AddWithValue("attempts", distinct.Select(i => i.Attempt).ToArray());
        var claimed = new Dictionary<(Guid, int), ClaimedJob>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.NextResultAsync(ct); // past the settings
            while (await reader.ReadAsync(ct))
            {
                var job = new ClaimedJob(reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4));
                claimed[(job.Id, job.Attempt)] = job;
            }
        }
        // The reader is closed: the transaction has committed (only now may the handlers run).
        _events.AnnounceAfterCommit(claimed.Keys.Select(k => k.Item1));
        // A duplicate delivery in the same batch gets the same answer; the inbox keeps its effect single at completion.
        return items.Select(i => claimed.GetValueOrDefault(i)).ToList();
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();
}
