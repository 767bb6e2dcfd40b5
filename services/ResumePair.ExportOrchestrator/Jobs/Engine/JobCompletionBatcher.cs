using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>What became of a completion.</summary>
public enum CompletionResult
{
    /// <summary>The job is completed, with its inbox row and log line, in one commit.</summary>
    Completed,
    /// <summary>This message was already processed (a redelivery): nothing done.</summary>
    Duplicate,
    /// <summary>The job is no longer at this attempt, or has finished (cancelled, rescued): the result is ignored.</summary>
    Ignored,
}

/// <summary>
/// Completes many successful in-process attempts in one statement and one commit: the inbox rows
/// <c>(RunJobConsumer, message id)</c>, the fenced job updates and their log lines are data-modifying CTEs of a
/// single statement, so each item's effect commits together with its inbox row. A message already in the inbox
/// (also a duplicate inside the same batch) has no effect; an older attempt's result changes nothing.
/// Failures do not come here: they take the per-message path (backoff, dead letter), which is rare.
/// </summary>
public sealed class JobCompletionBatcher : IAsyncDisposable
{
    public const string Consumer = "RunJobConsumer";

    private readonly NpgsqlDataSource _db;
    private readonly ExportOptions _options;
    private readonly TimeProvider _time;
    private readonly JobEventHub _events;
    private readonly GroupCommitter<Completion, CompletionResult> _committer;

    public JobCompletionBatcher(NpgsqlDataSource db, JobEventHub events, IOptions<ExportOptions> options, TimeProvider time, ILogger<JobCompletionBatcher> logger)
    {
        _db = db;
        _events = events;
        _options = options.Value;
        _time = time;
        // Completions are not on the way from enqueue to start: they linger, so their durable commits (one WAL flush
        // each) are fewer and hold the enqueues' commits back less.
        _committer = new("job completions", FlushAsync, _options.CommitBatchSize, _options.CommitConcurrency, time, logger, _options.CompletionLinger);
    }

    public Task<CompletionResult> CompleteAsync(Guid messageId, Guid jobId, int attempt, JobOutcome outcome, CancellationToken ct) =>
        _committer.SubmitAsync(new Completion(messageId, jobId, attempt, outcome), ct);

    /// <summary>One batch, one statement (internal: tests call it to control what shares a batch).</summary>
    internal async Task<IReadOnlyList<CompletionResult>> FlushAsync(IReadOnlyList<Completion> items, CancellationToken ct)
    {
        // One row per message id (a duplicate in the batch is answered like a redelivery) and ordered by job id, so
        // concurrent batches lock job rows in the same order.
        var rows = items.GroupBy(i => i.MessageId).Select(g => g.First()).OrderBy(i => i.JobId).ToArray();
        var now = _time.GetUtcNow();
        await using var c = await _db.OpenConnectionAsync(ct);
        // Two statements, one round trip and one durable commit (the implicit transaction ends with the batch); the
        // setting makes its job events go out after it (see JobEventHub), not hold the notify lock across its fsync.
        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT {JobEventHub.AnnouncedAfterCommit};
            WITH input AS (
                SELECT * FROM unnest(@messageIds, @ids, @attempts, @results, @fileKeys, @sizes, @pages)
                    AS i(message_id, id, attempt, result, file_key, size_bytes, pages)
            ), fresh AS (
                INSERT INTO inbox_messages (consumer, message_id, processed_at)
                SELECT @consumer, message_id, @now FROM input
                ON CONFLICT DO NOTHING
                RETURNING message_id
            ), done AS (
                UPDATE jobs j SET status = 'completed', progress_percentage = 100, progress_message = 'Done', result = CAST(i.result AS jsonb),
                                  error = NULL, completed_at = @now, file_key = i.file_key, size_bytes = i.size_bytes, pages = i.pages,
                                  expires_at = CASE WHEN i.file_key IS NULL THEN NULL ELSE @expires END
                FROM input i JOIN fresh f ON f.message_id = i.message_id
                WHERE j.id = i.id AND j.attempts = i.attempt AND j.status NOT IN ({JobStatus.TerminalSql})
                RETURNING j.id, i.attempt, i.message_id
            ), logs AS (
                INSERT INTO job_logs (job_id, attempt, at, level, message)
                SELECT id, attempt, @now, 'info', 'Attempt ' || attempt || ' completed on ' || @worker FROM done
            )
            SELECT i.message_id, f.message_id IS NOT NULL AS fresh, d.message_id IS NOT NULL AS completed
            FROM input i LEFT JOIN fresh f ON f.message_id = i.message_id LEFT JOIN done d ON d.message_id = i.message_id
            """, c);
        cmd.Parameters.AddWithValue("consumer", Consumer);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("expires", now + _options.ExportLifetime);
        cmd.Parameters.AddWithValue("worker", JobClaimBatcher.WorkerId);
        cmd.Parameters.AddWithValue("messageIds", rows.Select(r => r.MessageId).ToArray());
        cmd.Parameters.AddWithValue("ids", rows.Select(r => r.JobId).ToArray());
        cmd.Parameters.AddWithValue("attempts", rows.Select(r => r.Attempt).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("results", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = rows.Select(r => r.Outcome.ResultJson).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("fileKeys", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = rows.Select(r => r.Outcome.FileKey).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("sizes", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Outcome.SizeBytes).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("pages", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer) { Value = rows.Select(r => r.Outcome.Pages).ToArray() });

        var byMessage = new Dictionary<Guid, CompletionResult>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.NextResultAsync(ct); // past the setting
            while (await reader.ReadAsync(ct))
                byMessage[reader.GetGuid(0)] = !reader.GetBoolean(1) ? CompletionResult.Duplicate
                    : reader.GetBoolean(2) ? CompletionResult.Completed : CompletionResult.Ignored;
        }
        // The reader is closed: the transaction has committed.
        _events.AnnounceAfterCommit(rows.Where(r => byMessage[r.MessageId] == CompletionResult.Completed).Select(r => r.JobId));

        // The first item of a message id gets the statement's answer; any later copy in the same batch is a duplicate.
        var answered = new HashSet<Guid>();
        return items.Select(i => answered.Add(i.MessageId) ? byMessage[i.MessageId] : CompletionResult.Duplicate).ToList();
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();

    internal sealed record Completion(Guid MessageId, Guid JobId, int Attempt, JobOutcome Outcome);
}
