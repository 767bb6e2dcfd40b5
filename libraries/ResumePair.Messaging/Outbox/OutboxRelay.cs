using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Messaging;
using ResumePair.ServiceDefaults.Telemetry;

namespace ResumePair.Messaging.Outbox;

/// <summary>
/// Publishes outbox rows. Wakes on <c>NOTIFY outbox</c> and polls as a fallback;
/// <see cref="OutboxOptions.Concurrency"/> workers each claim a batch with <c>FOR UPDATE SKIP LOCKED</c> (so any number
/// of workers and replicas can run), publish it with every message in flight at once (awaiting the broker's confirms
/// together), mark the published rows sent and commit. A crash between publish and
/// commit publishes a row again with the same message id: delivery is at least once, consumers use the inbox.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    IPublishEndpoint publisher,
    OutboxMessageTypes types,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextCleanup;

    // Wake-ups for the workers: released by NOTIFY (or the poll), and by a worker that claimed a full batch
    // (there is probably more). Capped at the number of workers, so a burst of notifications is one round each.
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RelayEnabled) return;
        var workers = Enumerable.Range(0, Math.Max(1, _options.Concurrency))
            .Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None))
            .ToList();
        NpgsqlConnection? listener = null;
        try
        {
            Wake(); // rows written while no relay ran
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    listener ??= await ListenAsync(stoppingToken);
                    await CleanupIfDueAsync(stoppingToken);
                    // Returns on a notification or after the poll interval, whichever comes first: either way, look.
                    await listener.WaitAsync(_options.PollInterval, stoppingToken);
                    Wake();
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Outbox relay listener failed; reconnecting");
                    if (listener is not null) await listener.DisposeAsync();
                    listener = null;
                    await Task.Delay(_options.PollInterval, stoppingToken)
                        .ContinueWith(_ => { }, TaskScheduler.Default);
                    Wake(); // notifications sent while we were away are gone
                }
            }
        }
        finally
        {
            if (listener is not null) await listener.DisposeAsync();
            await Task.WhenAll(workers);
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount < Math.Max(1, _options.Concurrency)) _wake.Release();
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(ct);
                // A full batch means there may be more: another worker starts on it while this one awaits confirms.
                while (await RelayBatchAsync(ct, onFullBatch: Wake) == _options.BatchSize) { }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Outbox relay batch failed; retrying");
                await Task.Delay(_options.PollInterval, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                Wake();
            }
        }
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"LISTEN {OutboxWriter.Channel}", connection);
        await cmd.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>Claims, publishes and marks one batch. Returns how many rows it claimed.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct) => await RelayBatchAsync(ct, onFullBatch: null);

    private async Task<int> RelayBatchAsync(CancellationToken ct, Action? onFullBatch)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var rows = new List<Row>();
        await using (var cmd = new NpgsqlCommand(
            $"""
            {MarkWithoutFsync}
            SELECT id, message_id, message_type, body::text, trace_parent, created_at FROM outbox_messages
            WHERE sent_at IS NULL AND dead_at IS NULL
            ORDER BY id LIMIT @batch
            FOR UPDATE SKIP LOCKED
            """, connection, tx))
        {
            cmd.Parameters.AddWithValue("batch", _options.BatchSize);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct); // past the setting
            while (await reader.ReadAsync(ct))
                rows.Add(
                    new Row(
                        reader.GetInt64(0),
                        reader.GetGuid(1),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        reader.GetFieldValue<DateTimeOffset>(5)
                    )
                );
        }
        if (rows.Count == 0) return 0;
        var claimedAt = time.GetUtcNow();
        foreach (var row in rows) OutboxMetrics.Pickup.Record((claimedAt - row.CreatedAt).TotalMilliseconds);
        if (rows.Count == _options.BatchSize) onFullBatch?.Invoke();

        var outcomes = await PublishAllAsync(rows, ct);
        await MarkAsync(connection, tx, outcomes, ct);
        await tx.CommitAsync(ct);

        return rows.Count;
    }

    // Marking rows sent need not wait for the disk: a mark lost in a crash only republishes those rows with their
    // message ids, which consumers deduplicate (at least once either way).
    private const string MarkWithoutFsync = $"SELECT {TransactionSettings.WithoutFsync};";

    /// <summary>Published rows are marked sent; the others count an attempt (the next pass retries them).</summary>
    private async Task MarkAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction tx,
        Outcome[] outcomes,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var sent = outcomes.Where(o => o.Error is null).Select(o => o.Row.Id).ToArray();
        if (sent.Length > 0)
            await ExecAsync(
                connection,
                tx,
                "UPDATE outbox_messages SET sent_at = @now, attempts = attempts + 1, last_error = NULL "
                    + "WHERE id = ANY(@ids)",
                ct,
                ("now", now),
                ("ids", sent)
            );
        foreach (var failed in outcomes.Where(o => o.Error is not null))
        {
            await ExecAsync(
                connection,
                tx,
                "UPDATE outbox_messages SET attempts = attempts + 1, last_error = @error, dead_at = CASE WHEN @dead "
                    + "THEN @now END WHERE id = @id",
                ct,
                ("error", failed.Error!),
                ("dead", failed.Permanent),
                ("now", now),
                ("id", failed.Row.Id)
            );
        }
        if (sent.Length < outcomes.Length)
            logger.LogWarning("Outbox relay published {Sent} of {Count} messages; first error: {Error}",
                sent.Length, outcomes.Length, outcomes.First(o => o.Error is not null).Error);
    }

    /// <summary>Every row of the batch in flight at once (their confirms are awaited together).</summary>
    private async Task<Outcome[]> PublishAllAsync(List<Row> rows, CancellationToken ct)
    {
        var outcomes = new List<Outcome>(rows.Count);
        var publishes = new List<Task<Outcome[]>>();
        foreach (var row in rows)
        {
            if (!types.TryResolve(row.MessageType, out var type))
            {
                outcomes.Add(new Outcome(row, $"Unknown message type {row.MessageType}", Permanent: true));
                continue;
            }
            object message;
            try
            {
                message = JsonSerializer.Deserialize(row.Body, type, JsonSerializerOptions.Web)
                    ?? throw new JsonException("The body is null.");
            }
            catch (JsonException e)
            {
                outcomes.Add(new Outcome(row, $"Unreadable body: {e.Message}", Permanent: true));
                continue;
            }
            publishes.Add(PublishAsync([row], message, type, ct));
        }
        foreach (var published in await Task.WhenAll(publishes)) outcomes.AddRange(published);
        return outcomes.ToArray();
    }

    /// <summary>Publishes one bus message carrying <paramref name="rows"/> (one row, or the rows an envelope wraps,
    /// under the first row's id and trace).</summary>
    private async Task<Outcome[]> PublishAsync(IReadOnlyList<Row> rows, object message, Type type, CancellationToken ct)
    {
        var first = rows[0];
        // Continue the trace of whoever wrote the row (typically an HTTP request): MassTransit's send activity
        // becomes a child of this one and carries the context to the consumers in the message headers.
        ActivityContext.TryParse(first.TraceParent, null, out var parent);
        using var activity = ResumePairTelemetry.Source.StartActivity(
            $"outbox publish {type.Name}",
            ActivityKind.Producer,
            parent
        );
        activity?.SetTag("messaging.message.id", first.MessageId);
        if (rows.Count > 1) activity?.SetTag("messaging.batch.message_count", rows.Count);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PublishTimeout);
        try
        {
            var started = time.GetTimestamp();
            await publisher.Publish(message, type, context => context.MessageId = first.MessageId, timeout.Token);
            OutboxMetrics.Publish.Record(time.GetElapsedTime(started).TotalMilliseconds);
            return rows.Select(r => new Outcome(r, null, false)).ToArray();
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            var error = e is OperationCanceledException ? "Publish timed out" : e.Message;
            return rows.Select(r => new Outcome(r, error, false)).ToArray();
        }
    }

    private async Task CleanupIfDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now < _nextCleanup) return;
        _nextCleanup = now.AddMinutes(10);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await ExecAsync(
            connection,
            null,
            "DELETE FROM outbox_messages WHERE sent_at < @cutoff",
            ct,
            ("cutoff", now - _options.Retention)
        );
    }

    private static async Task ExecAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? tx,
        string sql,
        CancellationToken ct,
        params (string Name, object Value)[] args
    )
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private sealed record Row(
        long Id,
        Guid MessageId,
        string MessageType,
        string Body,
        string? TraceParent,
        DateTimeOffset CreatedAt
    );

    private sealed record Outcome(Row Row, string? Error, bool Permanent);
}
